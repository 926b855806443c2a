package onetrip

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
)

func init() {
	Register(Messages{
		"json.empty":         {"请求体为空", "the request body is empty"},
		"json.syntax":        {"JSON 格式错误（第 %d 字节附近）：%s", "malformed JSON near byte %d: %s"},
		"json.unknown_field": {"未知字段 %s", "unknown field %s"},
		"json.wrong_type":    {"字段 %s 的类型应为 %s", "field %s must be of type %s"},
		"json.trailing":      {"JSON 之后还有多余内容", "unexpected data after the JSON value"},
	})
}

// DecodeStrict decodes exactly one JSON value from r into v, the one strict
// decoder of the platform: unknown fields are refused (a misspelt field is
// a mistake, not something to drop), anything after the value is refused,
// and each problem is an invalid Error naming the field's path (a value
// that fails its own decoding, bad base64 say, included). An error reading
// r (a size limit, say) is returned as it is, for the caller to translate.
func DecodeStrict(r io.Reader, v any) error {
	rr := &readErr{r: r}
	dec := json.NewDecoder(rr)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if rr.err != nil && errors.Is(err, rr.err) {
			return err // the reader failed
		}
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if rr.err != nil && errors.Is(err, rr.err) {
			return err
		}
		return Invalid("json.trailing")
	}
	return nil
}

// readErr remembers the reader's own error (other than EOF), to tell a
// failed read from bad JSON.
type readErr struct {
	r   io.Reader
	err error
}

func (r *readErr) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF && r.err == nil {
		r.err = err
	}
	return n, err
}

func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return Invalid("json.empty")
	case errors.As(err, &se):
		return Invalid("json.syntax", se.Offset, se.Error())
	case errors.Is(err, io.ErrUnexpectedEOF):
		return Invalid("json.syntax", 0, "unexpected end of input")
	case errors.As(err, &te):
		path := te.Field
		if path == "" {
			path = "$"
		}
		return Invalid("json.wrong_type", path, te.Type.String()).WithDetail(path, "json.wrong_type", path, te.Type.String())
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return Invalid("json.unknown_field", f).WithDetail(f, "json.unknown_field", f)
	case errors.As(err, new(*json.InvalidUnmarshalError)):
		return Internal(err)
	}
	// Anything else the decoder says is about the value (a field's own
	// decoding failed: bad base64, a bad time).
	return Invalid("json.syntax", 0, err.Error())
}
