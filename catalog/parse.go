package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"

	"onetrip"
)

// Parse reads a catalogue file strictly, normalises it and validates it. A
// catalogue with any problem is rejected whole: the error is an invalid
// onetrip.Error whose details name every problem by JSON path.
func Parse(data []byte) (*Catalog, error) {
	var c Catalog
	if err := decodeStrict(data, &c); err != nil {
		return nil, err
	}
	Normalize(&c)
	if err := Validate(&c); err != nil {
		return nil, err
	}
	return &c, nil
}

// ParseItem reads one item strictly (the admin editor's save) and normalises
// it. It does not validate: call ValidateItem with the catalogue's Refs.
func ParseItem(data []byte) (Item, error) {
	var it Item
	if err := decodeStrict(data, &it); err != nil {
		return Item{}, err
	}
	NormalizeItem(&it)
	return it, nil
}

// ParseBundle reads one bundle strictly and normalises it; see ParseItem.
func ParseBundle(data []byte) (Bundle, error) {
	var b Bundle
	if err := decodeStrict(data, &b); err != nil {
		return Bundle{}, err
	}
	NormalizeBundle(&b)
	return b, nil
}

// decodeStrict checks data against v's type before decoding: syntax, unknown
// and missing keys, duplicate keys and wrong types are all reported at once
// with their JSON paths, which encoding/json's first-error-only
// DisallowUnknownFields cannot do.
func decodeStrict(data []byte, v any) error {
	var fs []Finding
	root := readJSON(data, &fs)
	if root != nil {
		checkShape(root, reflect.TypeOf(v).Elem(), "", &fs)
	}
	if len(fs) > 0 {
		return ToProblems(fs).Err("catalog.json.invalid", len(fs))
	}
	if err := json.Unmarshal(data, v); err != nil { // cannot fail after checkShape
		return onetrip.Internal(err)
	}
	return nil
}

// jnode is a parsed JSON value that keeps object keys in order.
type jnode struct {
	kind  string // object, array, string, number, boolean, null
	keys  []string
	vals  []*jnode
	elems []*jnode
	num   string
}

func readJSON(data []byte, fs *[]Finding) *jnode {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	syntax := func(err error) {
		off := dec.InputOffset()
		var se *json.SyntaxError
		msg := err.Error()
		if errors.As(err, &se) {
			off = se.Offset
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			msg = "unexpected end of JSON input"
		}
		line, col := lineCol(data, off)
		*fs = append(*fs, Finding{Rule: "syntax", Key: "catalog.json.syntax", Args: []any{line, col, msg}})
	}
	var read func(path string) (*jnode, error)
	read = func(path string) (*jnode, error) {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '{' {
				n := &jnode{kind: "object"}
				seen := map[string]bool{}
				for dec.More() {
					kt, err := dec.Token()
					if err != nil {
						return nil, err
					}
					key, _ := kt.(string)
					if seen[key] {
						*fs = append(*fs, Finding{Path: joinKey(path, key), Rule: "duplicate_key", Key: "catalog.json.duplicate", Args: []any{key}})
					}
					seen[key] = true
					child, err := read(joinKey(path, key))
					if err != nil {
						return nil, err
					}
					n.keys, n.vals = append(n.keys, key), append(n.vals, child)
				}
				_, err := dec.Token()
				return n, err
			}
			n := &jnode{kind: "array"}
			for i := 0; dec.More(); i++ {
				child, err := read(path + "[" + strconv.Itoa(i) + "]")
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, child)
			}
			_, err := dec.Token()
			return n, err
		case string:
			return &jnode{kind: "string"}, nil
		case json.Number:
			return &jnode{kind: "number", num: string(t)}, nil
		case bool:
			return &jnode{kind: "boolean"}, nil
		}
		return &jnode{kind: "null"}, nil
	}
	root, err := read("")
	if err != nil {
		syntax(err)
		return nil
	}
	if _, err := dec.Token(); err != io.EOF {
		line, col := lineCol(data, dec.InputOffset())
		*fs = append(*fs, Finding{Rule: "syntax", Key: "catalog.json.trailing", Args: []any{line, col}})
		return nil
	}
	return root
}

func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len([]rune(string(before[bytes.LastIndexByte(before, '\n')+1:]))) + 1
	return line, col
}

func joinKey(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

var amountType = reflect.TypeOf(Amount(0))

type jsonField struct {
	name      string
	typ       reflect.Type
	omitempty bool
}

func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		out = append(out, jsonField{name: name, typ: f.Type, omitempty: opts == "omitempty"})
	}
	return out
}

// checkShape compares a parsed value with the Go type it must decode into.
// Keys must match the json tags exactly (encoding/json would accept "Code"
// for "code"); every key without omitempty must be present.
func checkShape(n *jnode, t reflect.Type, path string, fs *[]Finding) {
	add := func(key string, args ...any) {
		*fs = append(*fs, Finding{Path: path, Rule: "shape", Key: key, Args: args})
	}
	want := ""
	switch {
	case t == amountType:
		if n.kind != "number" {
			want = "number"
			break
		}
		if _, err := ParseAmount(n.num); err != nil {
			add("catalog.json.amount", n.num)
		}
		return
	case t.Kind() == reflect.Struct:
		if n.kind != "object" {
			want = "object"
			break
		}
		fields := jsonFields(t)
		present := map[string]bool{}
		for i, k := range n.keys {
			present[k] = true
			var f *jsonField
			for j := range fields {
				if fields[j].name == k {
					f = &fields[j]
				}
			}
			if f == nil {
				*fs = append(*fs, Finding{Path: joinKey(path, k), Rule: "unknown_field", Key: "catalog.json.unknown", Args: []any{k}})
				continue
			}
			checkShape(n.vals[i], f.typ, joinKey(path, k), fs)
		}
		for _, f := range fields {
			if !f.omitempty && !present[f.name] {
				*fs = append(*fs, Finding{Path: joinKey(path, f.name), Rule: "missing_field", Key: "catalog.json.missing", Args: []any{f.name}})
			}
		}
		return
	case t.Kind() == reflect.Slice:
		if n.kind != "array" {
			want = "array"
			break
		}
		for i, e := range n.elems {
			checkShape(e, t.Elem(), path+"["+strconv.Itoa(i)+"]", fs)
		}
		return
	case t.Kind() == reflect.String:
		if n.kind != "string" {
			want = "string"
		}
	case t.Kind() == reflect.Bool:
		if n.kind != "boolean" {
			want = "boolean"
		}
	case t.Kind() == reflect.Int:
		if n.kind != "number" {
			want = "integer"
			break
		}
		if _, err := strconv.Atoi(n.num); err != nil {
			add("catalog.json.integer", n.num)
		}
	}
	if want != "" {
		add("catalog.json.type", want, n.kind)
	}
}
