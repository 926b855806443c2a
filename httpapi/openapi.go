package httpapi

import (
	"encoding/json"
	"net/http"
	"onetrip/catalog"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"onetrip/casework"
	"onetrip/httpx"
	"onetrip/supervision"
	"onetrip/workday"
)

// Param is a documented query or path parameter.
type Param struct {
	Name     string
	In       string // "query" or "path"
	Desc     string
	Required bool
	// Type is the parameter's JSON Schema type: "string" (the default),
	// "integer" or "boolean"; Format refines it ("date" for YYYY-MM-DD).
	Type    string
	Format  string
	Enum    []string
	Example any
	Min     *int
	Max     *int
}

// Route documents one endpoint. The OpenAPI document is generated from the
// same list the mux is built from, so the two cannot drift apart.
type Route struct {
	Method  string
	Path    string // as in net/http patterns: /api/v1/regions/{code}
	Summary string
	Tag     string
	Public  bool    // no token needed
	Params  []Param // path parameters are added from the pattern
	Body    any     // request body example value (its type is documented)
	Resp    any     // success response value (its type is documented)
	Status  int     // success status, 200 when 0
	Idem    bool    // takes an Idempotency-Key header
	RawResp string  // content type when the response is not JSON
	// RawResps lists the content types of a raw response that may be any of
	// several (a download answers the file's own type).
	RawResps []string
	// RawBody lists the content types of a request body read as raw bytes
	// (an upload), instead of Body's JSON.
	RawBody []string
	// AltRaw is the content type of another form of the response a query
	// parameter asks for (?format=xlsx).
	AltRaw string
	// Errors are error statuses beyond those the route's shape implies
	// (see errorStatuses), e.g. 409 for a state conflict.
	Errors []int
}

// intp is a pointer to n, for Param.Min and Max.
func intp(n int) *int { return &n }

// Reusable parameters of list routes.
var (
	limitParam  = Param{Name: "limit", In: "query", Type: "integer", Min: intp(1), Max: intp(200), Example: 50, Desc: "page size, 1–200 (default 50)"}
	offsetParam = Param{Name: "offset", In: "query", Type: "integer", Min: intp(0), Example: 0, Desc: "rows to skip (prefer the keyset cursor where there is one)"}
	regionParam = Param{Name: "region", In: "query", Desc: "6-digit administrative division code (GB/T 2260), e.g. 330802 for 柯城区", Example: "330802"}
)

var versionQuery = Param{Name: "version", In: "query", Type: "integer", Min: intp(1), Desc: "a version (default: the published one)", Example: 3}

func withDesc(p Param, desc string) Param { p.Desc = desc; return p }

func withRequired(p Param) Param { p.Required = true; return p }

// pathParamDesc describes path parameters by name.
var pathParamDesc = map[string][2]string{
	"id":         {"the resource's ID", "0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b"},
	"sid":        {"the suspension's ID", "0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b"},
	"code":       {"the code: an item (330-SCJG-005), a bundle or a region (330802)", "330-SCJG-005"},
	"department": {"the department's ID", "330802-SCJG"},
	"identifier": {"the licence's GB/T 36904 identifier, as printed under the QR code", "L-BIZ.330802-SCJG.000001.1"},
	"date":       {"a date, YYYY-MM-DD", "2026-10-01"},
	"region":     {"a region code (GB/T 2260): a city reporting to its province, 330800", "330800"},
}

// OpenAPI builds the OpenAPI 3.1 document of the routes, with the webhooks
// a department system receives.
func OpenAPI(routes []Route, version string) map[string]any {
	schemas := map[string]any{}
	paths := map[string]any{}
	for _, rt := range routes {
		item, _ := paths[rt.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.Path] = item
		}
		op := map[string]any{
			"summary":     rt.Summary,
			"operationId": operationID(rt),
			"tags":        []string{rt.Tag},
		}
		var params []any
		for _, name := range pathParams(rt.Path) {
			d := pathParamDesc[name]
			p := map[string]any{"name": name, "in": "path", "required": true, "schema": map[string]any{"type": "string"}}
			if d[0] != "" {
				p["description"], p["example"] = d[0], d[1]
			}
			params = append(params, p)
		}
		for _, p := range rt.Params {
			params = append(params, paramObject(p))
		}
		if rt.Idem {
			params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header", "required": false,
				"description": "a retry with the same key and body within 24 hours returns the first answer (the same case); with another body it is 409",
				"schema":      map[string]any{"type": "string", "maxLength": 200}, "example": "window-3-20261201-0042"})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		switch {
		case len(rt.RawBody) > 0:
			content := map[string]any{}
			for _, ct := range rt.RawBody {
				content[ct] = map[string]any{"schema": map[string]any{"type": "string", "contentMediaType": ct}}
			}
			op["requestBody"] = map[string]any{"required": true, "description": "the file's bytes as they are (the content type must match them)", "content": content}
		case rt.Body != nil:
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Body), schemas)}}}
		}
		status := rt.Status
		if status == 0 {
			status = 200
		}
		ok := map[string]any{"description": http.StatusText(status)}
		switch {
		case len(rt.RawResps) > 0:
			content := map[string]any{}
			for _, ct := range rt.RawResps {
				content[ct] = map[string]any{"schema": map[string]any{"type": "string", "contentMediaType": ct}}
			}
			ok["content"] = content
		case rt.RawResp != "":
			ok["content"] = map[string]any{rt.RawResp: map[string]any{"schema": map[string]any{"type": "string", "contentMediaType": rt.RawResp}}}
		case rt.Resp != nil:
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Resp), schemas)}}
		}
		if rt.AltRaw != "" {
			content, _ := ok["content"].(map[string]any)
			if content == nil {
				content = map[string]any{}
				ok["content"] = content
			}
			content[rt.AltRaw] = map[string]any{"schema": map[string]any{"type": "string", "contentMediaType": rt.AltRaw}}
		}
		responses := map[string]any{strconv.Itoa(status): ok}
		for _, code := range errorStatuses(rt) {
			responses[strconv.Itoa(code)] = map[string]any{"$ref": "#/components/responses/" + responseName(code)}
		}
		op["responses"] = responses
		if rt.Public {
			op["security"] = []any{} // no token needed (one is used when sent)
		} else {
			op["security"] = []any{map[string]any{"bearer": []string{}}}
		}
		item[strings.ToLower(rt.Method)] = op
	}
	schemas["Error"] = schemaOf(reflect.TypeOf(httpx.ErrorBody{}), schemas)
	responses := map[string]any{}
	for code, desc := range errorDescriptions {
		responses[responseName(code)] = map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{
			"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "onetrip API", "version": version,
			"description": "一窗受理、并联审批、电子证照 — the JSON API of the onetrip one-window government service platform. " +
				"Errors are {\"error\": {code, message, key, details}} with the message in the language of Accept-Language (zh-CN by default); " +
				"a path asked with a method it does not have answers 405 with Allow. " +
				"Webhook deliveries are signed: " + signatureHeader + ": t=<unix seconds>,hmac-sm3=<hex of HMAC-SM3(secret, t + \".\" + body)>; refuse a time more than 5 minutes away from yours.",
			"license": map[string]any{"name": "proprietary: the platform operator's terms of use", "identifier": "LicenseRef-onetrip-proprietary"}},
		"servers":  []any{map[string]any{"url": "/", "description": "this server"}},
		"paths":    paths,
		"webhooks": webhooksSection(schemas),
		"components": map[string]any{"schemas": schemas, "responses": responses,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer",
				"description": "an API token (onetrip token issue, or the tokens page); it expires"}}},
	}
}

// signatureHeader is jobs.SignatureHeader (a test holds them equal): the
// document names it without the API depending on the job queue.
const signatureHeader = "X-Onetrip-Signature"

// errorDescriptions are the error statuses the API answers, each with the
// error model.
var errorDescriptions = map[int]string{
	400: "invalid: the body, a parameter or a rule of the reform is wrong; details point at each problem",
	401: "unauthorized: no token, or a wrong, expired or revoked one",
	403: "forbidden: the caller's role or scope does not allow it",
	404: "not found, or outside the caller's scope (nothing is leaked about which)",
	409: "conflict: the version is stale (read it again), the state does not allow it, or an Idempotency-Key was reused with another body",
	413: "too large: the body exceeds the route's limit",
	415: "unsupported media type: JSON bodies must be application/json; uploads must be the type their bytes are",
	500: "internal error (the details are in the server's log, not here)",
	503: "unavailable: the server is busy and the request ran out of time; retry (with the same Idempotency-Key)",
	429: "too many requests: a public service asked faster than it allows per client; wait the Retry-After seconds",
}

// responseName names an error response in components: its status text
// without spaces (NotFound), which generated clients turn into type names.
func responseName(code int) string { return strings.ReplaceAll(http.StatusText(code), " ", "") }

// errorStatuses are the error statuses a route can answer: what its shape
// implies (a body can be invalid, too large or of the wrong type; a token
// can be missing or lack the role; a path parameter can name nothing) and
// what the route lists itself.
func errorStatuses(rt Route) []int {
	set := map[int]bool{500: true, 503: true}
	if rt.Body != nil || len(rt.RawBody) > 0 {
		set[400], set[413], set[415] = true, true, true
	}
	if len(rt.Params) > 0 {
		set[400] = true
	}
	if !rt.Public {
		set[401], set[403] = true, true
	}
	if len(pathParams(rt.Path)) > 0 {
		set[400], set[404] = true, true // a malformed code or identifier; nothing by that name
		if rt.Method != http.MethodGet {
			set[409] = true // a command the resource's state does not allow now
		}
	}
	if rt.Idem || hasVersionField(rt.Body) {
		set[409] = true
	}
	for _, c := range rt.Errors {
		set[c] = true
	}
	out := make([]int, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Ints(out)
	return out
}

// hasVersionField: a body carrying the version it was read at is refused
// with 409 when the resource moved on.
func hasVersionField(body any) bool {
	if body == nil {
		return false
	}
	t := reflect.TypeOf(body)
	if t.Kind() != reflect.Struct {
		return false
	}
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name == "version" {
			return true
		}
	}
	return false
}

func paramObject(p Param) map[string]any {
	s := map[string]any{"type": "string"}
	if p.Type != "" {
		s["type"] = p.Type
	}
	if p.Format != "" {
		s["format"] = p.Format
	}
	if len(p.Enum) > 0 {
		s["enum"] = p.Enum
		if p.Type == "integer" {
			ints := make([]int, len(p.Enum))
			for i, v := range p.Enum {
				ints[i], _ = strconv.Atoi(v)
			}
			s["enum"] = ints
		}
	}
	if p.Min != nil {
		s["minimum"] = *p.Min
	}
	if p.Max != nil {
		s["maximum"] = *p.Max
	}
	o := map[string]any{"name": p.Name, "in": p.In, "required": p.Required, "schema": s}
	if p.Desc != "" {
		o["description"] = p.Desc
	}
	if p.Example != nil {
		o["example"] = p.Example
	}
	return o
}

// webhooksSection documents what a subscription receives: per event, the
// signed POST with its envelope and the event's own data.
func webhooksSection(schemas map[string]any) map[string]any {
	out := map[string]any{}
	// Each event's body is the envelope (casework.Notification) with its
	// own data schema: a whole object per event rather than an allOf, which
	// code generators handle unevenly.
	envelope := structSchema(reflect.TypeOf(casework.Notification{}), schemas)
	for _, ev := range casework.NotifiedEvents {
		props := map[string]any{}
		for k, v := range envelope["properties"].(map[string]any) {
			props[k] = v
		}
		props["event"] = map[string]any{"type": "string", "enum": []string{ev}}
		props["data"] = schemaOf(reflect.TypeOf(notifiedData[ev]), schemas)
		name := "Notification_" + strings.ReplaceAll(ev, ".", "_")
		schemas[name] = map[string]any{"type": "object", "properties": props, "required": envelope["required"]}
		out[ev] = map[string]any{"post": map[string]any{
			"summary":     "sent when " + notifiedWhen[ev],
			"operationId": "webhook_" + strings.ReplaceAll(ev, ".", "_"),
			"tags":        []string{"webhooks"},
			"parameters": []any{
				map[string]any{"name": signatureHeader, "in": "header", "required": true, "schema": map[string]any{"type": "string"},
					"description": "t=<unix seconds>,hmac-sm3=<hex>: the HMAC-SM3, keyed with the subscription's secret, of t, a dot and the body's bytes; refuse it when the MAC differs or t is more than 5 minutes from your clock",
					"example":     "t=1764583200,hmac-sm3=5f0c…"},
				map[string]any{"name": "X-Onetrip-Event", "in": "header", "required": true, "schema": map[string]any{"type": "string", "const": ev}},
				map[string]any{"name": "X-Onetrip-Delivery", "in": "header", "required": true, "schema": map[string]any{"type": "string"},
					"description": "the delivery's ID: a retry or a replay sends the same one; treat a repeat as done"},
			},
			"requestBody": map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{
				"schema": map[string]any{"$ref": "#/components/schemas/" + name}}}},
			"responses": map[string]any{
				"200":     map[string]any{"description": "received (any 2xx); anything else, or no answer in 10 s, is retried with backoff, in order per case"},
				"4XX":     map[string]any{"description": "refused (a bad signature, say): retried like any failure; the delivery log shows the status"},
				"default": map[string]any{"description": "not received: retried"},
			},
			"security": []any{},
		}}
	}
	return out
}

// notifiedData are the data types of the events subscriptions receive.
var notifiedData = map[string]any{
	"case.accepted": casework.CaseAcceptedData{},
	"task.ready":    casework.TaskReadyData{},
	"task.decided":  casework.TaskDecidedData{},
	"case.decided":  casework.CaseDecidedData{},
	"case.closed":   casework.CaseClosedData{},
}

var notifiedWhen = map[string]string{
	"case.accepted": "a case is accepted (受理) and its clock starts",
	"task.ready":    "one of the department's steps enters its queue",
	"task.decided":  "a step of the case is decided (approved, denied or returned)",
	"case.decided":  "the case's decision is made from its steps",
	"case.closed":   "the case is closed (办结): the result is handed over or delivered",
}

func operationID(rt Route) string {
	id := strings.ToLower(rt.Method)
	for _, part := range strings.Split(strings.TrimPrefix(rt.Path, "/api/v1/"), "/") {
		part = strings.Trim(part, "{}")
		part = strings.ReplaceAll(part, ".", "_")
		part = strings.ReplaceAll(part, "-", "_")
		if part != "" {
			id += "_" + part
		}
	}
	return id
}

func pathParams(p string) []string {
	var out []string
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
			out = append(out, strings.TrimSuffix(strings.Trim(part, "{}"), "..."))
		}
	}
	return out
}

var (
	timeType = reflect.TypeOf(time.Time{})
	rawType  = reflect.TypeOf(json.RawMessage{})
	// An amount is fen in Go and yuan on the wire (catalog.Amount's JSON).
	amountType = reflect.TypeOf(catalog.Amount(0))
	// A rate is a number, null when there was nothing to divide by.
	rateType = reflect.TypeOf(supervision.Rate(0))
	dateType = reflect.TypeOf(workday.Date{})
)

// schemaOf describes a Go type as JSON Schema, naming structs in components.
func schemaOf(t reflect.Type, schemas map[string]any) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if vals, ok := typeEnums[t]; ok {
		return map[string]any{"type": "string", "enum": vals}
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == amountType:
		return map[string]any{"type": "number", "description": "yuan (元), at most two decimals"}
	case t == rateType:
		return map[string]any{"type": []string{"number", "null"}, "description": "percent (or days) to one decimal; null when there is nothing to divide by"}
	case t == dateType:
		return map[string]any{"type": "string", "format": "date"}
	case t == rawType: // a form, an event's data, a delivery's body: JSON objects as they are
		return map[string]any{"type": "object", "additionalProperties": true}
	case t.Kind() == reflect.String:
		return map[string]any{"type": "string"}
	case t.Kind() == reflect.Bool:
		return map[string]any{"type": "boolean"}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return map[string]any{"type": "integer"}
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return map[string]any{"type": "number"}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return map[string]any{"type": "string", "contentEncoding": "base64"}
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), schemas)}
	case t.Kind() == reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), schemas)}
	case t.Kind() == reflect.Interface:
		return map[string]any{}
	case t.Kind() == reflect.Struct:
		name := typeName(t)
		if t.Name() == "" {
			return structSchema(t, schemas)
		}
		if _, ok := schemas[name]; !ok {
			schemas[name] = map[string]any{} // placeholder against recursion
			schemas[name] = structSchema(t, schemas)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

// typeName is a named type's name with its package: casework.Task.
func typeName(t reflect.Type) string {
	name := t.Name()
	if pkg := t.PkgPath(); pkg != "" && name != "" {
		name = strings.ReplaceAll(pkg[strings.LastIndex(pkg, "/")+1:], ".", "_") + "." + name
	}
	return name
}

// structSchema describes a struct's JSON: every field a property, required
// unless it can be left out (omitempty, omitzero, a pointer); embedded
// structs' fields are the struct's own, as encoding/json sends them.
func structSchema(t reflect.Type, schemas map[string]any) map[string]any {
	props := map[string]any{}
	var required []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		if f.Anonymous && tag == "" {
			sub := structSchema(f.Type, schemas)
			for k, v := range sub["properties"].(map[string]any) {
				props[k] = v
			}
			if req, ok := sub["required"].([]string); ok {
				required = append(required, req...)
			}
			continue
		}
		s := schemaOf(f.Type, schemas)
		if as, ok := fieldTypes[typeName(t)+"."+name]; ok {
			s = schemaOf(as, schemas)
		}
		if vals, ok := fieldEnums[typeName(t)+"."+name]; ok {
			if f.Type.Kind() == reflect.Slice {
				s = map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": vals}}
			} else {
				s = map[string]any{"type": "string", "enum": vals}
			}
		}
		if desc := f.Tag.Get("doc"); desc != "" {
			s = withDescription(s, desc)
		}
		props[name] = s
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") && f.Type.Kind() != reflect.Pointer {
			required = append(required, name)
		}
	}
	sort.Strings(required)
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// withDescription adds a description; a $ref gets it beside it (allowed
// in OAS 3.1).
func withDescription(s map[string]any, desc string) map[string]any {
	out := map[string]any{"description": desc}
	for k, v := range s {
		out[k] = v
	}
	return out
}
