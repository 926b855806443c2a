package payment

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/idcode"
	"onetrip/seal"
)

// Receipt is the financial e-receipt (财政电子票据) of a paid order, signed
// with the collecting department's seal so anyone holding the department's
// public key can check it without asking onetrip.
type Receipt struct {
	Number         string         `json:"number"`
	OrderID        string         `json:"order_id"`
	CaseNumber     string         `json:"case_number"`
	PayerName      string         `json:"payer_name"`
	PayerID        string         `json:"payer_id"` // masked, see MaskPayerID
	ItemName       string         `json:"item_name"`
	Department     string         `json:"department"`
	DepartmentName string         `json:"department_name"`
	Amount         catalog.Amount `json:"amount"`
	Basis          string         `json:"basis"`
	Code           string         `json:"code"`
	Channel        string         `json:"channel"`
	IssuedAt       time.Time      `json:"issued_at"`
	SealID         string         `json:"seal_id"`
	Signature      string         `json:"signature"` // base64 SM2 over Canonical
}

// NewReceipt builds the unsigned receipt of a paid order (a partly refunded
// one included: its receipt is for what was paid).
func NewReceipt(o Order, number string, at time.Time) (Receipt, error) {
	if o.Status != StatusPaid {
		return Receipt{}, onetrip.Conflict("payment.receipt.not_paid", statusName(o.Status))
	}
	if strings.TrimSpace(number) == "" {
		return Receipt{}, onetrip.Invalid("payment.receipt.no_number")
	}
	return Receipt{Number: number, OrderID: o.ID, CaseNumber: o.CaseNumber, PayerName: o.Payer.Name,
		PayerID: MaskPayerID(o.Payer.IDNumber), ItemName: o.ItemName, Department: o.Department,
		DepartmentName: o.DepartmentName, Amount: o.Amount, Basis: o.Basis, Code: o.Code, Channel: o.Channel,
		IssuedAt: at}, nil
}

// MaskPayerID hides a citizen ID on a receipt, which is printed and passed
// on: the first 6 (the address) and last 4 characters stay. A unified social
// credit code is public and stays whole. Anything else is masked as
// idcode.MaskCitizenID does, an 18-character one like a citizen ID.
func MaskPayerID(id string) string {
	id = strings.TrimSpace(id)
	if _, err := idcode.CheckCitizenID(id); err != nil {
		if _, _, err := idcode.CheckUSCC(id); err == nil {
			return strings.ToUpper(id)
		}
	}
	r := []rune(strings.ToUpper(id))
	if len(r) != 18 {
		return idcode.MaskCitizenID(id)
	}
	return string(r[:6]) + strings.Repeat("*", 8) + string(r[14:])
}

// receiptCanonical fixes the signed form: field order is the struct's, times
// are UTC and amounts fen, so the same receipt gives the same bytes whatever
// the zone or JSON options of whoever checks it.
type receiptCanonical struct {
	Format         string `json:"format"`
	Number         string `json:"number"`
	OrderID        string `json:"order_id"`
	CaseNumber     string `json:"case_number"`
	PayerName      string `json:"payer_name"`
	PayerID        string `json:"payer_id"`
	ItemName       string `json:"item_name"`
	Department     string `json:"department"`
	DepartmentName string `json:"department_name"`
	AmountFen      int64  `json:"amount_fen"`
	Basis          string `json:"basis"`
	Code           string `json:"code"`
	Channel        string `json:"channel"`
	IssuedAt       string `json:"issued_at"`
	SealID         string `json:"seal_id"`
}

// receiptFormat names the canonical form, so a later form cannot be
// mistaken for this one.
const receiptFormat = "onetrip.receipt.v1"

// Canonical is the bytes the seal signs: every field but Signature.
func (r Receipt) Canonical() []byte {
	b, err := json.Marshal(receiptCanonical{Format: receiptFormat, Number: r.Number, OrderID: r.OrderID,
		CaseNumber: r.CaseNumber, PayerName: r.PayerName, PayerID: r.PayerID, ItemName: r.ItemName,
		Department: r.Department, DepartmentName: r.DepartmentName, AmountFen: r.Amount.Fen(), Basis: r.Basis,
		Code: r.Code, Channel: r.Channel, IssuedAt: r.IssuedAt.UTC().Format(time.RFC3339Nano), SealID: r.SealID})
	if err != nil { // strings and an integer always marshal
		panic(err)
	}
	return b
}

// SignReceipt seals a receipt with the department's key; sealID names the
// seal whose public key verifies it.
func SignReceipt(k *seal.Key, sealID string, r Receipt) (Receipt, error) {
	r.SealID, r.Signature = sealID, ""
	sig, err := k.Sign(r.Canonical())
	if err != nil {
		return Receipt{}, err
	}
	r.Signature = base64.StdEncoding.EncodeToString(sig)
	return r, nil
}

// VerifyReceipt reports whether r is unchanged since pub's seal signed it.
func VerifyReceipt(pub *seal.PublicKey, r Receipt) bool {
	sig, err := base64.StdEncoding.DecodeString(r.Signature)
	return err == nil && seal.Verify(pub, r.Canonical(), sig)
}

// MaxReceiptSerial is the largest serial a receipt number holds (10 digits).
const MaxReceiptSerial = 9999999999

// ReceiptNumber is a receipt's number: the 6-digit region code, the 4-digit
// year and a 10-digit serial (330102 2026 0000000042). It panics on parts out
// of range, which only a programming mistake gives; CheckReceiptParts tells
// beforehand.
func ReceiptNumber(region string, year int, serial int64) string {
	if err := CheckReceiptParts(region, year, serial); err != nil {
		panic(err)
	}
	return region[:6] + strconv.Itoa(year) + strconv.FormatInt(serial+MaxReceiptSerial+1, 10)[1:]
}

// CheckReceiptParts checks the parts of a receipt number.
func CheckReceiptParts(region string, year int, serial int64) error {
	if idcode.CheckRegionCode(region) != nil || year < 1000 || year > 9999 || serial < 0 || serial > MaxReceiptSerial {
		return onetrip.Invalid("payment.receipt.number", region, year, serial)
	}
	return nil
}
