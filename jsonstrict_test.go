package onetrip

import (
	"errors"
	"strings"
	"testing"
)

func TestDecodeStrict(t *testing.T) {
	type body struct {
		Name string `json:"name"`
		N    int    `json:"n"`
	}
	for _, tc := range []struct {
		in, key, path string
	}{
		{`{"name":"a","n":1}`, "", ""},
		{` {"name":"a"} ` + "\n", "", ""},
		{``, "json.empty", ""},
		{`{"name":"a"}]`, "json.trailing", ""},
		{`{"name":"a"} {"name":"b"}`, "json.trailing", ""},
		{`{"name":"a"} x`, "json.trailing", ""},
		{`{"name":"a","extra":1}`, "json.unknown_field", "extra"},
		{`{"n":"one"}`, "json.wrong_type", "n"},
		{`{"name":`, "json.syntax", ""},
		{`{name:1}`, "json.syntax", ""},
	} {
		var b body
		err := DecodeStrict(strings.NewReader(tc.in), &b)
		if tc.key == "" {
			if err != nil {
				t.Errorf("%q: %v", tc.in, err)
			}
			continue
		}
		e := AsError(err)
		if err == nil || e.Key != tc.key || e.Code != CodeInvalid {
			t.Errorf("%q: %v, want %s", tc.in, err, tc.key)
			continue
		}
		if tc.path != "" && (len(e.Details) != 1 || e.Details[0].Path != tc.path) {
			t.Errorf("%q: details %+v, want path %s", tc.in, e.Details, tc.path)
		}
	}
	// A failing reader is the caller's to translate, not a JSON problem.
	boom := errors.New("limit")
	if err := DecodeStrict(failing{boom}, &struct{}{}); !errors.Is(err, boom) {
		t.Errorf("reader error: %v", err)
	}
}

type failing struct{ err error }

func (f failing) Read([]byte) (int, error) { return 0, f.err }
