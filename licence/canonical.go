package licence

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"onetrip"
)

// Canonical returns the canonical JSON form of v, the exact bytes a seal
// signs. The form, so that anyone can rebuild it:
//
//   - v is first marshalled with encoding/json (struct tags apply; a
//     json.RawMessage is taken as is, so Canonical(json.RawMessage(b))
//     canonicalises raw JSON);
//   - object keys are sorted by the bytes of their UTF-8 encoding (not by
//     UTF-16 code units as RFC 8785 does; the two orders differ only between
//     characters above U+FFFF and those in U+E000–U+FFFF); a key appearing twice
//     in one object is an error;
//   - no white space outside strings;
//   - strings are UTF-8 with nothing escaped but what JSON requires: the
//     quotation mark, the backslash and the control characters U+0000–U+001F
//     (as \b \t \n \f \r, the rest as \u00xx in lower-case hex). Chinese and
//     every other character, including < > & and U+2028/U+2029, stay raw;
//   - numbers are written exactly as encoding/json emitted them. Integers are
//     therefore plain; floating-point values follow Go's formatting, which
//     other languages may not reproduce, so documents carry numbers as
//     integers or as strings.
func Canonical(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, onetrip.Internal(err)
	}
	p := parser{in: raw}
	tree, err := p.value()
	if err != nil {
		return nil, err
	}
	if p.skipSpace(); p.pos != len(p.in) {
		return nil, onetrip.Invalid("licence.canonical.trailing")
	}
	var b bytes.Buffer
	b.Grow(len(raw))
	writeValue(&b, tree)
	return b.Bytes(), nil
}

// member is one key of an object, kept as a slice so sorting is cheap.
type member struct {
	key string
	val any
}

// parser reads the output of encoding/json.Marshal, which is always valid
// JSON, into nil, bool, json.Number, string, []any and []member (sorted). It is
// a small hand-written reader because json.Decoder's token API, the other way
// to see duplicate keys, costs more than the SM2 verification it precedes.
// Strings with escapes are decoded by encoding/json itself, so their meaning
// (surrogate pairs, lone surrogates and invalid UTF-8 as U+FFFD) is exactly
// the standard one.
type parser struct {
	in  []byte
	pos int
}

func (p *parser) skipSpace() {
	for p.pos < len(p.in) {
		switch p.in[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) bad() error {
	return onetrip.Internal(fmt.Errorf("licence: unexpected JSON at byte %d", p.pos))
}

func (p *parser) value() (any, error) {
	p.skipSpace()
	if p.pos >= len(p.in) {
		return nil, p.bad()
	}
	switch c := p.in[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.str()
	case c == 't' && bytes.HasPrefix(p.in[p.pos:], []byte("true")):
		p.pos += 4
		return true, nil
	case c == 'f' && bytes.HasPrefix(p.in[p.pos:], []byte("false")):
		p.pos += 5
		return false, nil
	case c == 'n' && bytes.HasPrefix(p.in[p.pos:], []byte("null")):
		p.pos += 4
		return nil, nil
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.pos
		for p.pos < len(p.in) && strings.IndexByte("+-.0123456789eE", p.in[p.pos]) >= 0 {
			p.pos++
		}
		return json.Number(p.in[start:p.pos]), nil
	}
	return nil, p.bad()
}

func (p *parser) array() (any, error) {
	p.pos++ // [
	arr := []any{}
	p.skipSpace()
	if p.pos < len(p.in) && p.in[p.pos] == ']' {
		p.pos++
		return arr, nil
	}
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
		p.skipSpace()
		if p.pos >= len(p.in) {
			return nil, p.bad()
		}
		switch p.in[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return arr, nil
		default:
			return nil, p.bad()
		}
	}
}

func (p *parser) object() (any, error) {
	p.pos++ // {
	obj := []member{}
	p.skipSpace()
	if p.pos < len(p.in) && p.in[p.pos] == '}' {
		p.pos++
		return obj, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.in) || p.in[p.pos] != '"' {
			return nil, p.bad()
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos >= len(p.in) || p.in[p.pos] != ':' {
			return nil, p.bad()
		}
		p.pos++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		obj = append(obj, member{k, v})
		p.skipSpace()
		if p.pos >= len(p.in) {
			return nil, p.bad()
		}
		switch p.in[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			// Go compares strings bytewise: this is UTF-8 byte order.
			sort.Slice(obj, func(i, j int) bool { return obj[i].key < obj[j].key })
			for i := 1; i < len(obj); i++ {
				if obj[i].key == obj[i-1].key {
					return nil, onetrip.Invalid("licence.canonical.duplicate_key", obj[i].key)
				}
			}
			return obj, nil
		default:
			return nil, p.bad()
		}
	}
}

// str reads a string literal starting at the opening quote.
func (p *parser) str() (string, error) {
	start := p.pos
	p.pos++
	escaped := false
	for p.pos < len(p.in) {
		switch p.in[p.pos] {
		case '\\':
			escaped = true
			p.pos += 2
			continue
		case '"':
			p.pos++
			if raw := p.in[start+1 : p.pos-1]; !escaped && utf8.Valid(raw) {
				return string(raw), nil
			}
			var s string
			if err := json.Unmarshal(p.in[start:p.pos], &s); err != nil {
				return "", onetrip.Internal(err)
			}
			return s, nil
		}
		p.pos++
	}
	return "", p.bad()
}

func writeValue(b *bytes.Buffer, v any) {
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if t {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case json.Number:
		b.WriteString(string(t))
	case string:
		writeString(b, t)
	case []any:
		b.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			writeValue(b, e)
		}
		b.WriteByte(']')
	case []member:
		b.WriteByte('{')
		for i, m := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, m.key)
			b.WriteByte(':')
			writeValue(b, m.val)
		}
		b.WriteByte('}')
	}
}

const hexDigits = "0123456789abcdef"

func writeString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			if c < utf8.RuneSelf {
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 { // cannot happen after encoding/json, kept safe
				b.WriteString(s[start:i])
				b.WriteString("\uFFFD")
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		b.WriteString(s[start:i])
		switch c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteString(`\u00`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xf])
		}
		i++
		start = i
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

// SignedBytes is what the seal signs: the canonical JSON of the document.
// It is written directly, keys in the canonical order, rather than through
// Canonical's marshal and parse: every verification computes it, and the
// two produce the same bytes (TestDocumentCanonicalFast holds them equal).
func (d Document) SignedBytes() ([]byte, error) {
	var b bytes.Buffer
	b.Grow(512 + 64*len(d.Fields))
	b.WriteString(`{"case_number":`)
	writeString(&b, d.CaseNumber)
	if len(d.Fields) > 0 {
		b.WriteString(`,"fields":{`)
		keys := make([]string, 0, len(d.Fields))
		for k := range d.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys) // byte order, as canonical keys are
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(&b, k)
			b.WriteByte(':')
			writeString(&b, d.Fields[k])
		}
		b.WriteByte('}')
	}
	b.WriteString(`,"holder":{"id_number":`)
	writeString(&b, d.Holder.IDNumber)
	b.WriteString(`,"id_type":`)
	writeString(&b, d.Holder.IDType)
	b.WriteString(`,"name":`)
	writeString(&b, d.Holder.Name)
	b.WriteString(`},"identifier":`)
	writeString(&b, d.Identifier)
	b.WriteString(`,"issued_on":`)
	writeString(&b, d.IssuedOn)
	b.WriteString(`,"issuer":{"code":`)
	writeString(&b, d.Issuer.Code)
	b.WriteString(`,"department_id":`)
	writeString(&b, d.Issuer.DepartmentID)
	b.WriteString(`,"name":`)
	writeString(&b, d.Issuer.Name)
	b.WriteString(`},"seal_id":`)
	writeString(&b, d.SealID)
	b.WriteString(`,"type":`)
	writeString(&b, d.Type)
	b.WriteString(`,"type_name":`)
	writeString(&b, d.TypeName)
	b.WriteString(`,"valid_until":`)
	writeString(&b, d.ValidUntil)
	b.WriteByte('}')
	return b.Bytes(), nil
}
