package payment

import (
	"bytes"
	"testing"
	"time"

	"onetrip"
	"onetrip/idcode"
)

func TestMaskPayerID(t *testing.T) {
	citizen := idcode.MakeCitizenID("330102", time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), 1)
	uscc := idcode.MakeOrgUSCC("91", "330102", "MA2B3C4D")
	for _, tc := range []struct{ in, want string }{
		{citizen, citizen[:6] + "********" + citizen[14:]},
		{uscc, uscc},
		{"33010219900101001x", "330102********001X"}, // a wrong check character is still a person's number
		{"E12345678", "*********"},
		{"E1234567890", "E12****7890"},
		{"1234", "****"},
	} {
		if got := MaskPayerID(tc.in); got != tc.want {
			t.Errorf("MaskPayerID(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestReceipt(t *testing.T) {
	k := newKey(t)
	o := paidOrder()
	issued := t0.Add(2 * time.Hour)
	r, err := NewReceipt(o, ReceiptNumber("330106", 2026, 42), issued)
	if err != nil {
		t.Fatal(err)
	}
	if r.Number != "33010620260000000042" || r.PayerID != "330102********001X" || r.Amount != 8000 || r.Channel != ChannelAlipay || r.Code != o.Code {
		t.Fatalf("receipt: %+v", r)
	}
	signed, err := SignReceipt(k, "seal-1", r)
	if err != nil || signed.SealID != "seal-1" || signed.Signature == "" {
		t.Fatalf("%+v %v", signed, err)
	}
	if !VerifyReceipt(k.Public(), signed) {
		t.Fatal("a signed receipt does not verify")
	}
	// The same instant in another zone is the same receipt.
	moved := signed
	moved.IssuedAt = signed.IssuedAt.UTC()
	if !VerifyReceipt(k.Public(), moved) || !bytes.Equal(moved.Canonical(), signed.Canonical()) {
		t.Fatal("the zone of IssuedAt changes the canonical bytes")
	}
	other := newKey(t)
	for name, change := range map[string]func(*Receipt){
		"number": func(r *Receipt) { r.Number += "1" }, "order": func(r *Receipt) { r.OrderID = "x" },
		"case": func(r *Receipt) { r.CaseNumber = "x" }, "payer": func(r *Receipt) { r.PayerName = "李四" },
		"payer id": func(r *Receipt) { r.PayerID = "x" }, "item": func(r *Receipt) { r.ItemName = "x" },
		"department": func(r *Receipt) { r.Department = "x" }, "department name": func(r *Receipt) { r.DepartmentName = "x" },
		"amount": func(r *Receipt) { r.Amount++ }, "basis": func(r *Receipt) { r.Basis = "x" },
		"code": func(r *Receipt) { r.Code = "x" }, "channel": func(r *Receipt) { r.Channel = ChannelCard },
		"issued": func(r *Receipt) { r.IssuedAt = r.IssuedAt.Add(time.Nanosecond) }, "seal": func(r *Receipt) { r.SealID = "seal-2" },
		"signature":  func(r *Receipt) { r.Signature = r.Signature[:len(r.Signature)-4] },
		"not base64": func(r *Receipt) { r.Signature = "%%%" },
	} {
		c := signed
		change(&c)
		if VerifyReceipt(k.Public(), c) {
			t.Errorf("a receipt with a changed %s verifies", name)
		}
	}
	if VerifyReceipt(other.Public(), signed) || VerifyReceipt(nil, signed) {
		t.Error("another key verifies the receipt")
	}
	for _, st := range []string{StatusUnpaid, StatusWaived, StatusRefunded, StatusCancelled} {
		o := paidOrder()
		o.Status = st
		_, err := NewReceipt(o, "n", issued)
		wantErr(t, "receipt of "+st, err, onetrip.CodeConflict, "payment.receipt.not_paid")
	}
	_, err = NewReceipt(paidOrder(), " ", issued)
	wantErr(t, "no number", err, onetrip.CodeInvalid, "payment.receipt.no_number")
}

func TestReceiptNumber(t *testing.T) {
	if got := ReceiptNumber("330102", 2026, 9999999999); got != "33010220269999999999" {
		t.Errorf("ReceiptNumber = %s", got)
	}
	for _, tc := range []struct {
		region string
		year   int
		serial int64
	}{{"3301", 2026, 1}, {"330102", 26, 1}, {"330102", 2026, -1}, {"330102", 2026, MaxReceiptSerial + 1}} {
		wantErr(t, "parts", CheckReceiptParts(tc.region, tc.year, tc.serial), onetrip.CodeInvalid, "payment.receipt.number")
	}
	defer func() {
		if recover() == nil {
			t.Error("ReceiptNumber of bad parts does not panic")
		}
	}()
	ReceiptNumber("3301", 2026, 1)
}
