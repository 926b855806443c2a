package apptest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	verrors "github.com/pb33f/libopenapi-validator/errors"

	"onetrip/httpapi"
)

// conformance checks every API answer a test receives against the OpenAPI
// document the server publishes (issue 18): status, content type, body
// schema. A handler that sends what the document does not say fails the
// test that saw it. Built once per test binary.
var conformance struct {
	once sync.Once
	mu   sync.Mutex // the validator's caches are not documented as safe for concurrent use
	v    validator.Validator
	err  error
}

func responseValidator() (validator.Validator, error) {
	conformance.once.Do(func() {
		spec, err := json.Marshal(httpapi.Document("test"))
		if err != nil {
			conformance.err = err
			return
		}
		doc, err := libopenapi.NewDocument(spec)
		if err != nil {
			conformance.err = err
			return
		}
		v, errs := validator.NewValidator(doc)
		if len(errs) > 0 {
			conformance.err = fmt.Errorf("the OpenAPI document does not build: %v", errs)
			return
		}
		if ok, verrs := v.ValidateDocument(); !ok {
			conformance.err = fmt.Errorf("the OpenAPI document is not valid OpenAPI 3.1: %v", verrs)
			return
		}
		conformance.v = v
	})
	return conformance.v, conformance.err
}

// pathUnknown: the validator found no operation for the request.
func pathUnknown(errs []*verrors.ValidationError) bool {
	for _, e := range errs {
		if e.ValidationType != "path" {
			return false
		}
	}
	return len(errs) > 0
}

// Conforms reports how an API answer departs from the document: "" when
// it conforms. Paths outside /api/v1/ (pages, exports) are not checked.
func Conforms(req *http.Request, status int, header http.Header, body []byte) string {
	if !strings.HasPrefix(req.URL.Path, "/api/v1/") {
		return ""
	}
	v, err := responseValidator()
	if err != nil {
		return err.Error()
	}
	resp := &http.Response{StatusCode: status, Header: header, Body: io.NopCloser(bytes.NewReader(body)), Request: req}
	conformance.mu.Lock()
	ok, errs := v.ValidateHttpResponse(req, resp)
	conformance.mu.Unlock()
	if ok || pathUnknown(errs) && (status == http.StatusNotFound || status == http.StatusMethodNotAllowed) {
		return "" // a path (or method) the API does not have is a 404 (405) by definition
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s → %d does not conform to the OpenAPI document:", req.Method, req.URL.Path, status)
	for _, e := range errs {
		fmt.Fprintf(&b, "\n  - %s: %s", e.Message, e.Reason)
		for _, s := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "\n      %s at %s", s.Reason, s.FieldPath)
		}
	}
	if len(body) > 600 {
		body = append(body[:600:600], "…"...)
	}
	fmt.Fprintf(&b, "\n  body: %s", body)
	return b.String()
}
