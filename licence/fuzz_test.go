package licence

import (
	"bytes"
	"encoding/json"
	"sort"
	"testing"
	"time"
)

// Whatever a citizen uploads, parsing and verifying it must not panic, and
// only an untouched file may come out genuine.
func FuzzVerifySigned(f *testing.F) {
	good, _ := json.Marshal(signed(f, sampleDoc()))
	f.Add(good)
	f.Add([]byte(`{"document":{"identifier":"` + realID + `"},"signature":"MAYCAQECAQE=","public_key_pem":"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----","distid":""}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"document":{"fields":{"a":"\u0000"}},"signature":""}`))
	trust := Trust{SealKey: testKey.Public(), At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseSigned(b)
		if err != nil {
			return
		}
		v := VerifySigned(s, trust)
		if v.Genuine {
			msg, err := s.Document.SignedBytes()
			if err != nil || v.Status == StatusNotGenuine {
				t.Fatalf("genuine but %v / %s", err, v.Status)
			}
			want, _ := sampleDoc().SignedBytes()
			if string(msg) != string(want) {
				t.Fatalf("a changed document verified: %s", msg)
			}
		}
		_ = v.Message("zh-CN")
		_ = v.Message("en")
	})
}

func FuzzParseIdentifier(f *testing.F) {
	f.Add(realID)
	f.Add("1.2.156.3005.2.....")
	f.Add("1.2.156.3005.2.证照.a.b.c.d")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseIdentifier(s)
		if err != nil {
			return
		}
		again, err := ParseIdentifier(id.String())
		if err != nil || again != id {
			t.Fatalf("%q parsed to %+v but its String does not round-trip: %v", s, id, err)
		}
	})
}

func FuzzCanonical(f *testing.F) {
	f.Add([]byte(`{"b":1,"a":[true,null,"中\n"]}`))
	f.Add([]byte(`{"a\ud83d\ude00":"\ud800x","<>":"\u2028\/","k":"` + "\xff\xfe" + `","n":[-0.5e+10,0,1E2]}`))
	f.Add([]byte(` [ { } , [ ] , "" ] `))
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			return
		}
		c, err := Canonical(json.RawMessage(b))
		if err != nil {
			return // duplicate keys
		}
		if !json.Valid(c) {
			t.Fatalf("invalid output %q", c)
		}
		again, err := Canonical(json.RawMessage(c))
		if err != nil || string(again) != string(c) {
			t.Fatalf("not idempotent: %q → %q (%v)", c, again, err)
		}
		if ref := reference(t, b); string(ref) != string(c) {
			t.Fatalf("differs from the reference:\n%q\n%q", c, ref)
		}
	})
}

// reference is the plain reading of the documented form: decode with
// UseNumber into any, re-encode with sorted keys. Canonical must agree with it
// on every input without duplicate keys.
func reference(t *testing.T, b []byte) []byte {
	raw, err := json.Marshal(json.RawMessage(b))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	var enc func(v any)
	enc = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			out.WriteByte('{')
			for i, k := range keys {
				if i > 0 {
					out.WriteByte(',')
				}
				writeString(&out, k)
				out.WriteByte(':')
				enc(x[k])
			}
			out.WriteByte('}')
		case []any:
			out.WriteByte('[')
			for i, e := range x {
				if i > 0 {
					out.WriteByte(',')
				}
				enc(e)
			}
			out.WriteByte(']')
		default:
			writeValue(&out, x)
		}
	}
	enc(v)
	return out.Bytes()
}
