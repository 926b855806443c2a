package seal

import "testing"

var benchData = []byte(`{"case_number":"330106-2025-000123","holder":{"id_number":"33010219200403064X","id_type":"citizen_id","name":"张三"},"identifier":"1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0","issued_on":"2025-05-22"}`)

// BenchmarkSign is the raw SM2/SM3 signing rate of one seal.
func BenchmarkSign(b *testing.B) {
	k := mustKey(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := k.Sign(benchData); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify is the raw gmsm verification rate; licence verification
// benchmarks compare against it to show their own overhead.
func BenchmarkVerify(b *testing.B) {
	k := mustKey(b)
	sig, err := k.Sign(benchData)
	if err != nil {
		b.Fatal(err)
	}
	pub := k.Public()
	b.ReportAllocs()
	for b.Loop() {
		if !Verify(pub, benchData, sig) {
			b.Fatal("does not verify")
		}
	}
}
