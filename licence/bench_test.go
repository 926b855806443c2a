package licence

import "testing"

func BenchmarkCanonical(b *testing.B) {
	d := sampleDoc()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Canonical(d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifySigned is the whole verification of one export file; compare
// with seal's BenchmarkVerify (the raw SM2 rate) to see the overhead of
// parsing the identifier and the PEM and canonicalising the document.
func BenchmarkVerifySigned(b *testing.B) {
	s := signed(b, sampleDoc())
	trust := Trust{SealKey: testKey.Public(), At: checkTime}
	b.ReportAllocs()
	for b.Loop() {
		if v := VerifySigned(s, trust); v.Status != StatusValid {
			b.Fatal(v)
		}
	}
}
