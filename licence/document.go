package licence

import (
	"bytes"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"onetrip"
	"onetrip/seal"
)

// Holder ID types.
const (
	IDCitizen = "citizen_id" // 公民身份号码, GB 11643
	IDUSCC    = "uscc"       // 统一社会信用代码, GB 32100
)

// IDTypes lists the holder ID types.
var IDTypes = []string{IDCitizen, IDUSCC}

// DateLayout is the form of every date in a licence document.
const DateLayout = "2006-01-02"

// Holder is the person or organisation a licence is issued to.
type Holder struct {
	Name     string `json:"name"`
	IDType   string `json:"id_type"` // IDCitizen or IDUSCC
	IDNumber string `json:"id_number"`
}

// Issuer is the department that issued the licence.
type Issuer struct {
	DepartmentID string `json:"department_id"`
	Name         string `json:"name"`
	Code         string `json:"code"` // the department's USCC, also in the identifier
}

// Document is an electronic licence (电子证照) as signed: every field takes
// part in the signature through its canonical JSON form.
type Document struct {
	Identifier string `json:"identifier"`
	Type       string `json:"type"`      // licence type code, e.g. L-BIZ
	TypeName   string `json:"type_name"` // e.g. 营业执照
	Holder     Holder `json:"holder"`
	Issuer     Issuer `json:"issuer"`
	IssuedOn   string `json:"issued_on"`   // YYYY-MM-DD
	ValidUntil string `json:"valid_until"` // YYYY-MM-DD, inclusive; "" is long-term (长期)
	// Fields are the type's own items (经营范围, 注册资本 …), named as the
	// catalogue's licence type names them; Certificate prints them in the
	// type's order. omitempty makes a nil and an empty map sign the same, so
	// a store round trip cannot break a signature.
	Fields     map[string]string `json:"fields,omitempty"`
	CaseNumber string            `json:"case_number"` // the case that produced it
	SealID     string            `json:"seal_id"`     // the seal that signs it
}

// Signed is the export file of a licence: the document, its SM2 signature
// over SignedBytes, the signing seal's public key and the distinguishing ID,
// everything OpenSSL needs to check it offline.
type Signed struct {
	Document     Document `json:"document"`
	Signature    []byte   `json:"signature"` // DER, base64 in JSON
	PublicKeyPEM string   `json:"public_key_pem"`
	DistID       string   `json:"distid"`
}

// Validate checks a document before it is signed and reports every problem
// at once: a licence with a wrong identifier, a missing holder or an
// impossible date must never carry a seal, since a signature cannot be taken
// back once the file is out. Check digits of citizen IDs and USCCs are the
// idcode package's business; here only their form is checked.
func (d Document) Validate() error {
	var p onetrip.Problems
	if id, err := ParseIdentifier(d.Identifier); err != nil {
		addErr(&p, "identifier", err)
	} else if id.String() != d.Identifier {
		p.Add("identifier", "licence.doc.identifier_form", id.String())
	} else if d.Issuer.Code != "" && id.IssuerCode != d.Issuer.Code {
		p.Add("identifier", "licence.doc.issuer_code_mismatch", id.IssuerCode, d.Issuer.Code)
	}
	required(&p, "type", d.Type)
	required(&p, "type_name", d.TypeName)
	required(&p, "holder.name", d.Holder.Name)
	switch d.Holder.IDType {
	case IDCitizen:
		if !citizenForm(d.Holder.IDNumber) {
			p.Add("holder.id_number", "licence.doc.citizen_id_form", d.Holder.IDNumber)
		}
	case IDUSCC:
		if !usccForm(d.Holder.IDNumber) {
			p.Add("holder.id_number", "licence.doc.uscc_form", d.Holder.IDNumber)
		}
	default:
		p.Add("holder.id_type", "licence.doc.id_type", d.Holder.IDType)
	}
	required(&p, "issuer.department_id", d.Issuer.DepartmentID)
	required(&p, "issuer.name", d.Issuer.Name)
	if !usccForm(d.Issuer.Code) {
		p.Add("issuer.code", "licence.doc.uscc_form", d.Issuer.Code)
	}
	issued, errIssued := time.Parse(DateLayout, d.IssuedOn)
	if errIssued != nil {
		p.Add("issued_on", "licence.doc.date", d.IssuedOn)
	}
	if d.ValidUntil != "" {
		until, err := time.Parse(DateLayout, d.ValidUntil)
		switch {
		case err != nil:
			p.Add("valid_until", "licence.doc.date", d.ValidUntil)
		case errIssued == nil && until.Before(issued):
			p.Add("valid_until", "licence.doc.until_before_issued", d.ValidUntil, d.IssuedOn)
		}
	}
	required(&p, "seal_id", d.SealID)
	for k, v := range d.Fields {
		if strings.TrimSpace(k) == "" {
			p.Add("fields", "licence.doc.field_key_empty")
		}
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			p.Add("fields."+k, "licence.doc.utf8")
		}
	}
	for path, s := range map[string]string{"holder.name": d.Holder.Name, "issuer.name": d.Issuer.Name, "type_name": d.TypeName, "case_number": d.CaseNumber} {
		if !utf8.ValidString(s) {
			p.Add(path, "licence.doc.utf8")
		}
	}
	return p.Err("licence.doc.invalid", len(p))
}

func required(p *onetrip.Problems, path, v string) {
	if strings.TrimSpace(v) == "" {
		p.Add(path, "licence.doc.required")
	}
}

// addErr records an error from a nested check under path, keeping its details.
func addErr(p *onetrip.Problems, path string, err error) {
	e := onetrip.AsError(err)
	if len(e.Details) == 0 {
		p.Add(path, e.Key, e.Args...)
		return
	}
	for _, d := range e.Details {
		p.Add(path+"."+d.Path, d.Key, d.Args...)
	}
}

// citizenForm: 17 digits and a digit or X (GB 11643).
func citizenForm(s string) bool {
	if len(s) != 18 || !allDigits(s[:17]) {
		return false
	}
	c := s[17]
	return c == 'X' || (c >= '0' && c <= '9')
}

// usccForm: 18 characters of the GB 32100 alphabet (digits and capitals
// without I, O, Z, S, V).
func usccForm(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789ABCDEFGHJKLMNPQRTUWXY", rune(s[i])) {
			return false
		}
	}
	return true
}

// Sign validates d, signs its canonical form with the seal's key and returns
// the export file.
func Sign(d Document, k *seal.Key) (Signed, error) {
	if err := d.Validate(); err != nil {
		return Signed{}, err
	}
	msg, err := d.SignedBytes()
	if err != nil {
		return Signed{}, err
	}
	sig, err := k.Sign(msg)
	if err != nil {
		return Signed{}, err
	}
	return Signed{Document: d, Signature: sig, PublicKeyPEM: k.Public().PEM(), DistID: seal.DistID}, nil
}

// ParseSigned reads an export file. Unknown fields are refused rather than
// dropped: they are not covered by the signature, so a file carrying them is
// not what was issued.
func ParseSigned(b []byte) (Signed, error) {
	var s Signed
	if err := onetrip.DecodeStrict(bytes.NewReader(b), &s); err != nil {
		e := onetrip.AsError(err)
		return Signed{}, onetrip.Invalid("licence.signed.bad_json", onetrip.Render(onetrip.LangEN, e.Key, e.Args...)).WithDetail("file", e.Key, e.Args...)
	}
	return s, nil
}

// The certificate (照面): a licence printed as its type's official form
// prints it — every field of the type once, in the catalogue's order (the
// order of the form, catalog.LicenceType.Fields), a field nobody filled as a
// blank line, and the fields that say who holds the licence, who issued it
// and until when merged with what the document says of them, so that the
// holder's code is never printed once as the holder and again as the field
// 统一社会信用代码.

// Role is what a field of a licence means to the platform; "" is one of the
// type's own fields (经营范围, 主体业态 …).
type Role string

// Roles of certificate lines.
const (
	RoleHolderName Role = "holder_name" // 经营者名称, 名称, 姓名 …: Holder.Name
	RoleHolderID   Role = "holder_id"   // 统一社会信用代码 or 公民身份号码: Holder.IDNumber
	RoleValidity   Role = "validity"    // 有效期至, 有效期, 有效期限: IssuedOn and ValidUntil
	RoleIssuer     Role = "issuer"      // 发证机关, 登记机关 …: Issuer.Name
	RoleSigner     Role = "signer"      // 签发人: only as given
	RoleIssuedOn   Role = "issued_on"   // 签发日期, 发证日期 …: IssuedOn
)

// fieldRoles are the field names of the catalogue's licence types that
// carry a role; the holder's ID fields depend on the holder (holderIDFields).
var fieldRoles = map[string]Role{
	"名称": RoleHolderName, "经营者名称": RoleHolderName, "企业名称": RoleHolderName, "单位名称": RoleHolderName,
	"业户名称": RoleHolderName, "排水户名称": RoleHolderName, "学校名称": RoleHolderName, "建设单位": RoleHolderName,
	"姓名": RoleHolderName, "持证人": RoleHolderName, "权利人": RoleHolderName, "权利人（申请人）": RoleHolderName,
	"有效期至": RoleValidity, "有效期": RoleValidity, "有效期限": RoleValidity, "签注有效期": RoleValidity,
	"发证机关": RoleIssuer, "登记机关": RoleIssuer, "签发机关": RoleIssuer, "发证单位": RoleIssuer,
	"审批机关": RoleIssuer, "登记管理机关": RoleIssuer, "发证机构": RoleIssuer, "签发机构": RoleIssuer,
	"签发人":  RoleSigner,
	"发证日期": RoleIssuedOn, "签发日期": RoleIssuedOn, "发卡日期": RoleIssuedOn, "登记日期": RoleIssuedOn, "登记时间": RoleIssuedOn,
}

// holderIDFields name the holder's ID, by ID type: a person's social
// security number is their citizen ID (社会保险法 第五十八条).
var holderIDFields = map[string][]string{IDUSCC: {"统一社会信用代码"}, IDCitizen: {"公民身份号码", "社会保障号码"}}

// FieldRole is the role of the field name on a licence whose holder has
// the ID type idType: 统一社会信用代码 is the holder's ID on an
// organisation's licence, 公民身份号码 on a person's.
func FieldRole(name, idType string) Role {
	if slices.Contains(holderIDFields[idType], name) {
		return RoleHolderID
	}
	return fieldRoles[name]
}

// LongTerm is the validity of a licence without an end date.
const LongTerm = "长期"

// Validity is the value of a validity field: 有效期至 is the last day,
// the others the span from the day of issue.
func Validity(name, issued, until string) string {
	if until == "" {
		until = LongTerm
	}
	if name == "有效期至" {
		return until
	}
	return issued + " 至 " + until
}

// Line is one line of a certificate: Name is the field's name as the
// catalogue writes it, or "" for a line the type has no field for that the
// certificate prints all the same (Role says which: the holder, their ID,
// the validity, the issuer and the date beside the seal). A line's Value ""
// is printed blank, as a paper form leaves a blank.
type Line struct {
	Name  string `json:"name,omitempty"`
	Role  Role   `json:"role,omitempty"`
	Value string `json:"value"`
}

// Certificate is a licence laid out as it is printed.
type Certificate struct {
	// Lines is the body: the type's fields in order, then fields the type no
	// longer has (in name order), then the validity when the type has no
	// field for it.
	Lines []Line
	// Sign is what goes beside the seal: the type's closing fields of issuer,
	// signer and date (发证机关, 签发人, 签发日期), else the issuer and the
	// date of issue.
	Sign []Line
}

// Certificate lays the document out as the certificate of its type whose
// fields, in the official order, are fields (the catalogue's). Each field
// appears once; a field of a role the document knows (holder, issuer,
// dates) and left empty is filled from the document, a field of a role
// already taken by an earlier field is the type's own; the holder's name
// and ID are printed as their fields when the type has them (or a field
// carries the same value: 证号 of a driving licence is the holder's citizen
// ID) and as lines of their own, next to each other, when not.
func (d Document) Certificate(fields []string) Certificate {
	var lines []Line
	var natural []Role // each line's role before a repeated one is dropped
	taken := map[Role]bool{}
	seen := map[string]bool{}
	for _, name := range fields {
		if seen[name] {
			continue
		}
		seen[name] = true
		role := FieldRole(name, d.Holder.IDType)
		natural = append(natural, role)
		if taken[role] {
			role = "" // a second field of a role is the type's own
		} else if role != "" {
			taken[role] = true
		}
		lines = append(lines, Line{Name: name, Role: role, Value: d.fill(name, role)})
	}
	// A field of the holder's ID or name under another name.
	for _, r := range []struct {
		role  Role
		value string
	}{{RoleHolderID, d.Holder.IDNumber}, {RoleHolderName, d.Holder.Name}} {
		if taken[r.role] || r.value == "" {
			continue
		}
		if i := slices.IndexFunc(lines, func(l Line) bool { return l.Role == "" && l.Value == r.value }); i >= 0 {
			lines[i].Role, taken[r.role] = r.role, true
		}
	}
	// The closing run of issuer, signer and date goes beside the seal.
	cut := len(lines)
	for cut > 0 && slices.Contains([]Role{RoleIssuer, RoleSigner, RoleIssuedOn}, natural[cut-1]) {
		cut--
	}
	c := Certificate{Lines: lines[:cut:cut], Sign: slices.Clone(lines[cut:])}
	// The holder, when the type has no field for them.
	if !taken[RoleHolderName] {
		at := slices.IndexFunc(c.Lines, func(l Line) bool { return l.Role == RoleHolderID })
		c.Lines = slices.Insert(c.Lines, max(at, 0), Line{Role: RoleHolderName, Value: d.Holder.Name})
	}
	if !taken[RoleHolderID] {
		at := slices.IndexFunc(c.Lines, func(l Line) bool { return l.Role == RoleHolderName })
		c.Lines = slices.Insert(c.Lines, at+1, Line{Role: RoleHolderID, Value: d.Holder.IDNumber})
	}
	var rest []string
	for k := range d.Fields {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		c.Lines = append(c.Lines, Line{Name: k, Value: d.Fields[k]})
	}
	if !taken[RoleValidity] {
		c.Lines = append(c.Lines, Line{Role: RoleValidity, Value: Validity("", d.IssuedOn, d.ValidUntil)})
	}
	if !taken[RoleIssuer] {
		c.Sign = slices.Insert(c.Sign, 0, Line{Role: RoleIssuer, Value: d.Issuer.Name})
	}
	if !taken[RoleIssuedOn] {
		c.Sign = append(c.Sign, Line{Role: RoleIssuedOn, Value: d.IssuedOn})
	}
	return c
}

// fill is the value of the field name of the given role: as the document
// gives it, else what the document says of the role.
func (d Document) fill(name string, role Role) string {
	if v := strings.TrimSpace(d.Fields[name]); v != "" {
		return d.Fields[name]
	}
	switch role {
	case RoleHolderName:
		return d.Holder.Name
	case RoleHolderID:
		return d.Holder.IDNumber
	case RoleIssuer:
		return d.Issuer.Name
	case RoleIssuedOn:
		return d.IssuedOn
	case RoleValidity:
		if d.IssuedOn != "" {
			return Validity(name, d.IssuedOn, d.ValidUntil)
		}
	}
	return ""
}
