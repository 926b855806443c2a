package licence

import (
	"strings"
	"testing"

	"onetrip"
)

const realID = "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0"

func TestRealIdentifier(t *testing.T) {
	id, err := ParseIdentifier(realID)
	if err != nil {
		t.Fatal(err)
	}
	want := ID{TypeCode: "11100000000013338W009", IssuerCode: "11330105002500287C", Serial: "2025052201", Version: "002", Check: '0'}
	if id != want {
		t.Fatalf("got %+v, want %+v", id, want)
	}
	if id.String() != realID {
		t.Fatalf("String() = %s", id.String())
	}
	got, err := Identifier(want.TypeCode, want.IssuerCode, want.Serial, want.Version)
	if err != nil || got != realID {
		t.Fatalf("Identifier = %s, %v", got, err)
	}
	// Retyped by hand: lower case and spaces around are accepted.
	if id2, err := ParseIdentifier("  " + strings.ToLower(realID) + "\n"); err != nil || id2 != want {
		t.Fatalf("lower case: %+v %v", id2, err)
	}
}

func TestCheckCharVectors(t *testing.T) {
	for in, want := range map[string]byte{
		"11100000000013338W00911330105002500287C2025052201002": '0', // the real identifier
		"A12425GABC1234002": 'M', // ISO/IEC 7064 MOD 37,36 example
	} {
		if got, err := CheckChar(in); err != nil || got != want {
			t.Errorf("CheckChar(%s) = %q, %v; want %q", in, got, err, want)
		}
	}
	// The rejected variant: with the OID prefix the real identifier would end in D.
	if got, _ := CheckChar("12156300521110000000001333" + "8W00911330105002500287C2025052201002"); got == '0' {
		t.Error("prefix variant unexpectedly also gives 0")
	}
	for in, key := range map[string]string{
		"":     "licence.id.check_input_empty",
		"AB.C": "licence.id.check_input_char",
		"abc":  "licence.id.check_input_char",
		"证照":   "licence.id.check_input_char",
	} {
		if _, err := CheckChar(in); err == nil || onetrip.AsError(err).Key != key {
			t.Errorf("CheckChar(%q) = %v, want %s", in, err, key)
		}
	}
}

// MOD 37,36 catches every single substitution and every swap of two
// different neighbours; check that for the real identifier.
func TestCheckCharDetectsErrors(t *testing.T) {
	body := "11100000000013338W00911330105002500287C2025052201002"
	for i := range body {
		for _, c := range checkAlphabet {
			if byte(c) == body[i] {
				continue
			}
			s := body[:i] + string(c) + body[i+1:]
			if got, _ := CheckChar(s); got == '0' {
				t.Fatalf("substitution at %d to %c not detected", i, c)
			}
		}
		if i+1 < len(body) && body[i] != body[i+1] {
			s := body[:i] + string(body[i+1]) + string(body[i]) + body[i+2:]
			if got, _ := CheckChar(s); got == '0' {
				t.Fatalf("transposition at %d not detected", i)
			}
		}
	}
}

func TestParseIdentifierErrors(t *testing.T) {
	for _, c := range []struct {
		in, key string
		args    []any
		detail  string // path of the first detail, when the error has details
	}{
		{"", "licence.id.empty", nil, ""},
		{"1.2.156.3005.3.11100000000013338W009.11330105002500287C.2025052201.002.0", "licence.id.prefix", []any{Prefix, "1.2.156.3005.3."}, ""},
		{"11100000000013338W009.11330105002500287C.2025052201.002.0", "licence.id.prefix", nil, ""},
		{"1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002", "licence.id.field_count", []any{4}, ""},
		{realID + ".1", "licence.id.field_count", []any{6}, ""},
		{"1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.1", "licence.id.check_mismatch", []any{"0", "1"}, ""},
		{"1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052202.002.0", "licence.id.check_mismatch", nil, ""},
		{"1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.", "licence.id.invalid", nil, "check"},
		{"1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.*", "licence.id.invalid", nil, "check"},
		{"1.2.156.3005.2.11100000000013338W09.11330105002500287C.2025052201.002.0", "licence.id.invalid", nil, "type_code"},
		{"1.2.156.3005.2.11100000000013338W00X.11330105002500287C.2025052201.002.0", "licence.id.invalid", nil, "type_code"},
		{"1.2.156.3005.2.11100000000013338W009.1133010500250028-C.2025052201.002.0", "licence.id.invalid", nil, "issuer_code"},
		{"1.2.156.3005.2.11100000000013338W009.11330105002500287C..002.0", "licence.id.invalid", nil, "serial"},
		{"1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.02.0", "licence.id.invalid", nil, "version"},
		{"1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.0A2.0", "licence.id.invalid", nil, "version"},
		{"1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.\u0131", "licence.id.invalid", nil, "check"}, // dotless ı is no I
	} {
		_, err := ParseIdentifier(c.in)
		e := onetrip.AsError(err)
		if err == nil || e.Key != c.key {
			t.Errorf("ParseIdentifier(%s) = %v, want %s", c.in, err, c.key)
			continue
		}
		if c.args != nil && !sameArgs(e.Args, c.args) {
			t.Errorf("ParseIdentifier(%s) args %v, want %v", c.in, e.Args, c.args)
		}
		if c.detail != "" && (len(e.Details) == 0 || e.Details[0].Path != c.detail) {
			t.Errorf("ParseIdentifier(%s) details %+v, want path %s", c.in, e.Details, c.detail)
		}
	}
}

func TestIdentifierReportsEveryField(t *testing.T) {
	_, err := Identifier("SHORT", "BAD-CODE", "", "1")
	e := onetrip.AsError(err)
	var paths []string
	for _, d := range e.Details {
		paths = append(paths, d.Path)
	}
	if got := strings.Join(paths, ","); got != "type_code,issuer_code,serial,version" {
		t.Fatalf("details %s (%v)", got, err)
	}
	// The message names the offending character and its position.
	if msg := err.Error(); !strings.Contains(msg, `character 4, "-"`) {
		t.Fatalf("message %q does not point at the bad character", msg)
	}
}

func TestTypeCode(t *testing.T) {
	if got := TypeCode("11100000000013338W", 9); got != "11100000000013338W009" {
		t.Fatal(got)
	}
	if got := TypeCode("11100000000013338W", 123); got != "11100000000013338W123" {
		t.Fatal(got)
	}
	if _, err := Identifier(TypeCode("11100000000013338W", 1000), "11330105002500287C", "1", "001"); err == nil {
		t.Fatal("4-digit sequence accepted")
	}
	id, err := Identifier(TypeCode("11330000002482140N", 1), "11330105002500287C", "2025000001", "001")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseIdentifier(id); err != nil {
		t.Fatalf("generated %s does not parse: %v", id, err)
	}
}

func sameArgs(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
