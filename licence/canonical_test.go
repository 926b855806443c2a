package licence

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"onetrip"
)

func TestCanonicalForm(t *testing.T) {
	type inner struct {
		Z int    `json:"z"`
		A string `json:"a"`
	}
	type outer struct {
		Name  string         `json:"name"`
		List  []any          `json:"list"`
		In    inner          `json:"in"`
		Map   map[string]any `json:"map"`
		Empty []int          `json:"empty"`
		Nil   *int           `json:"nil"`
		B     bool           `json:"b"`
	}
	v := outer{
		Name:  "张三 <b>&\"\\\n\t\x01\u2028",
		List:  []any{3, "经营范围", map[string]any{"y": 1, "x": []int{2, 1}}},
		In:    inner{Z: -12, A: "a"},
		Map:   map[string]any{"中文": 1, "B": 2, "a": 3, "": 4},
		Empty: []int{},
		B:     true,
	}
	got, err := Canonical(v)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"b":true,"empty":[],"in":{"a":"a","z":-12},"list":[3,"经营范围",{"x":[2,1],"y":1}],"map":{"":4,"B":2,"a":3,"中文":1},"name":"张三 <b>&\"\\\n\t\u0001` + "\u2028" + `","nil":null}`
	if string(got) != want {
		t.Fatalf("\n got %s\nwant %s", got, want)
	}
	if !json.Valid(got) {
		t.Fatal("not valid JSON")
	}
}

func TestCanonicalOrderIndependent(t *testing.T) {
	a, _ := Canonical(json.RawMessage(`{"b":{"d":1,"c":[1,{"f":2,"e":3}]},"a":"中"}`))
	b, _ := Canonical(json.RawMessage(` { "a" : "\u4e2d", "b" : { "c" : [ 1 , { "e" : 3 , "f" : 2 } ] , "d" : 1 } } `))
	c, _ := Canonical(map[string]any{"a": "中", "b": map[string]any{"c": []any{1, map[string]int{"e": 3, "f": 2}}, "d": 1}})
	if string(a) != string(b) || string(a) != string(c) {
		t.Fatalf("\n%s\n%s\n%s", a, b, c)
	}
	if string(a) != `{"a":"中","b":{"c":[1,{"e":3,"f":2}],"d":1}}` {
		t.Fatal(string(a))
	}
	// Idempotent.
	again, _ := Canonical(json.RawMessage(a))
	if string(again) != string(a) {
		t.Fatal("not idempotent")
	}
}

// Keys sort by UTF-8 bytes: U+FF21 (EF BC A1) comes before U+1F600 (F0 9F 98 80),
// although UTF-16 order would put the surrogate pair first.
func TestCanonicalKeyOrderIsUTF8(t *testing.T) {
	got, _ := Canonical(map[string]int{"😀": 1, "Ａ": 2, "z": 3})
	if string(got) != `{"z":3,"Ａ":2,"😀":1}` {
		t.Fatal(string(got))
	}
}

func TestCanonicalErrors(t *testing.T) {
	_, err := Canonical(json.RawMessage(`{"a":1,"b":{"x":1,"x":2}}`))
	if e := onetrip.AsError(err); err == nil || e.Key != "licence.canonical.duplicate_key" || e.Args[0] != "x" {
		t.Fatalf("duplicate key: %v", err)
	}
	_, err = Canonical(json.RawMessage(`{"a":1,"\u0061":2}`))
	if e := onetrip.AsError(err); err == nil || e.Key != "licence.canonical.duplicate_key" || e.Args[0] != "a" {
		t.Fatalf("duplicate key written two ways: %v", err)
	}
	if _, err := Canonical(make(chan int)); err == nil {
		t.Fatal("channel marshalled")
	}
	if _, err := Canonical(json.RawMessage(`{"a":`)); err == nil {
		t.Fatal("broken JSON accepted")
	}
}

func TestCanonicalNumbersAndInvalidUTF8(t *testing.T) {
	got, _ := Canonical(map[string]any{"i": 12345678901234, "f": 1.5, "s": "a\xffb"})
	if string(got) != `{"f":1.5,"i":12345678901234,"s":"a`+"\uFFFD"+`b"}` {
		t.Fatal(string(got))
	}
}

// TestDocumentCanonicalFast: the direct writer of SignedBytes gives the
// bytes Canonical gives, for documents with every kind of string.
func TestDocumentCanonicalFast(t *testing.T) {
	odd := []string{"", "营业执照", `引号"与\反斜杠`, "控制\x01\x1f\t\n\r\b\f字符", "<b>&amp;</b>", "\u2028\u2029", "emoji 😀", "bad \xff utf8", "z", "Ä"}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func() string { return odd[rng.IntN(len(odd))] }
	for i := 0; i < 500; i++ {
		d := Document{Identifier: pick(), Type: pick(), TypeName: pick(), Holder: Holder{Name: pick(), IDType: pick(), IDNumber: pick()},
			Issuer: Issuer{DepartmentID: pick(), Name: pick(), Code: pick()}, IssuedOn: pick(), ValidUntil: pick(), CaseNumber: pick(), SealID: pick()}
		if n := rng.IntN(5); n > 0 {
			d.Fields = map[string]string{}
			for j := 0; j < n; j++ {
				d.Fields[pick()+pick()] = pick()
			}
		} else if rng.IntN(2) == 0 {
			d.Fields = map[string]string{} // empty signs like nil
		}
		want, err := Canonical(d)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := d.SignedBytes()
		if !bytes.Equal(got, want) {
			t.Fatalf("document %d:\n got %s\nwant %s", i, got, want)
		}
	}
}
