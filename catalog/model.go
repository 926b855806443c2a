// Package catalog is the pure domain model of the basic service catalogue
// (政务服务事项基本目录): service items and their guides, material specs,
// electronic licence types, shared data items and "一件事" bundles.
//
// It holds no database: the store persists a Catalog and calls Parse,
// Validate, LintItem, Checklist and Export. Everything here is a pure function
// so the rules of the reform (a standard guide, data over paper, parallel steps)
// can be tested without any infrastructure.
package catalog

import "fmt"

// Catalog is a whole basic catalogue, in the order and shape of the JSON file
// (data/zhejiang-catalog.json). Field order is the file's key order, so Export
// reproduces the file.
type Catalog struct {
	Version         string           `json:"version"`
	Note            string           `json:"note"`
	DepartmentKinds []DepartmentKind `json:"department_kinds"`
	LicenceTypes    []LicenceType    `json:"licence_types"`
	SharedData      []DataItem       `json:"shared_data"`
	Items           []Item           `json:"items"`
	Bundles         []Bundle         `json:"bundles"`
}

// DepartmentKind is a kind of department (市场监管, 公安 …). Kind is a stable
// ASCII id; Name is the city-level body name without the region prefix.
type DepartmentKind struct {
	Kind  string `json:"kind"`
	Name  string `json:"name"`
	Short string `json:"short"`
}

// LicenceType is a type of electronic licence (电子证照) in the licence
// library. ValidityYears 0 means long-term or no fixed term. Fields are the
// licence's items (照面信息项) in the order its official form prints them,
// each once: the certificate prints them in this order
// (licence.Document.Certificate), a field nobody filled as a blank line.
type LicenceType struct {
	Code          string   `json:"code"`
	Name          string   `json:"name"`
	IssuerKind    string   `json:"issuer_kind"`
	Holder        Subject  `json:"holder"`
	ValidityYears int      `json:"validity_years"`
	Fields        []string `json:"fields"`
}

// DataItem is a shareable data set (共享数据项) of the sharing catalogue.
type DataItem struct {
	Code         string     `json:"code"`
	Name         string     `json:"name"`
	ProviderKind string     `json:"provider_kind"`
	Subject      Subject    `json:"subject"`
	Fields       []string   `json:"fields"`
	Level        ShareLevel `json:"level"`
}

// Item is a service item (事项) with its guide (办事指南).
type Item struct {
	Code           string         `json:"code"`
	Name           string         `json:"name"`
	Kind           string         `json:"kind"`
	DepartmentKind string         `json:"department_kind"`
	Level          Level          `json:"level"`
	Window         string         `json:"window"`
	LegalBasis     []string       `json:"legal_basis"`
	Conditions     []string       `json:"conditions"`
	Materials      []MaterialSpec `json:"materials"`
	// Parties are the roles of the people and bodies a case of the item is
	// for (买方, 卖方…), the first being the applicant of record; empty: one
	// party, the applicant.
	Parties       []PartyRole `json:"parties,omitempty"`
	StatutoryDays int         `json:"statutory_days"`
	PromisedDays  int         `json:"promised_days"`
	Fee           Fee         `json:"fee"`
	Online        Online      `json:"online"`
	MaxVisits     int         `json:"max_visits"`
	Delivery      []Delivery  `json:"delivery"`
	Result        Result      `json:"result"`
	// Joint makes the item a joint step (联审 / 联合验收 / 多评合一): the
	// participating departments each give an opinion on the same materials
	// and the item's own department, the lead, consolidates them.
	Joint    *Joint   `json:"joint,omitempty"`
	Keywords []string `json:"keywords"`
	FAQ      []FAQ    `json:"faq"`
}

// Joint is who takes part in a joint step besides its lead (the item's
// department kind) and what the step is called (联合验收, 施工图联审 …).
type Joint struct {
	Name         string   `json:"name"`
	Participants []string `json:"participants"`
}

// MaterialSpec is one material a guide asks for (申请材料). ID is the stable
// id intake uses to refer to it; the file leaves it out when it is the
// positional default (see DefaultMaterialID).
type MaterialSpec struct {
	ID         string `json:"id,omitempty"`
	Name       string `json:"name"`
	Required   bool   `json:"required"`
	Deferrable bool   `json:"deferrable"`
	Form       Form   `json:"form"`
	Copies     int    `json:"copies"`
	Source     string `json:"source"`
	Note       string `json:"note,omitempty"`
	// Parties are the roles whose holdings satisfy a fetched material
	// (买卖双方居民身份证: buyer and seller); empty: the applicant's.
	Parties []PartyRole `json:"parties,omitempty"`
}

// Fee is what the item costs and the document that allows charging it.
type Fee struct {
	Yuan  Amount `json:"yuan"`
	Basis string `json:"basis"`
	// Due is when the payment order is made (FeeDue); empty: before the
	// result is issued, once the case is approved.
	Due FeeDue `json:"due,omitempty"`
	// Payer is the party the basis names as paying (由登记为权利人的一方
	// 缴纳: the buyer); empty: the applicant.
	Payer PartyRole `json:"payer,omitempty"`
}

// Result is what the item issues: an electronic licence of a type, or a
// document. Exactly one is set. Fields are a document's own items (审批结果
// 要素: 合同编号, 成交价格 …) that the approving department gives and later
// steps see; a licence's are its type's.
type Result struct {
	Licence  string   `json:"licence,omitempty"`
	Document string   `json:"document,omitempty"`
	Fields   []string `json:"fields,omitempty"`
}

// FAQ is one question and answer of a guide.
type FAQ struct {
	Q string `json:"q"`
	A string `json:"a"`
}

// Bundle is a "一件事": several items applied for together. Its steps form a
// DAG: a step starts when every item named in After is done.
type Bundle struct {
	Code         string   `json:"code"`
	Name         string   `json:"name"`
	LeadKind     string   `json:"lead_kind"`
	PromisedDays int      `json:"promised_days"`
	Steps        []Step   `json:"steps"`
	Keywords     []string `json:"keywords"`
}

// Step is one item of a bundle and the items whose results it needs.
type Step struct {
	Item  string   `json:"item"`
	After []string `json:"after"`
}

// DefaultMaterialID is the id a material gets from its position when the
// file gives none: "<item code>.M01" for the first, and so on.
func DefaultMaterialID(itemCode string, index int) string {
	return fmt.Sprintf("%s.M%02d", itemCode, index+1)
}

// Normalize makes a catalogue ready for use and comparison: every list is
// non-nil (so JSON export writes [] and deep equality holds after a round
// trip) and every material has an id (NormalizeItem).
func Normalize(c *Catalog) {
	c.DepartmentKinds = nonNil(c.DepartmentKinds)
	c.LicenceTypes = nonNil(c.LicenceTypes)
	c.SharedData = nonNil(c.SharedData)
	c.Items = nonNil(c.Items)
	c.Bundles = nonNil(c.Bundles)
	for i := range c.LicenceTypes {
		c.LicenceTypes[i].Fields = nonNil(c.LicenceTypes[i].Fields)
	}
	for i := range c.SharedData {
		c.SharedData[i].Fields = nonNil(c.SharedData[i].Fields)
	}
	for i := range c.Items {
		NormalizeItem(&c.Items[i])
	}
	for i := range c.Bundles {
		NormalizeBundle(&c.Bundles[i])
	}
}

// NormalizeItem gives lists their non-nil empty value and assigns missing
// material ids in order: the positional default when it is free, otherwise
// the next free "<code>.Mnn". Ids already present are kept, so intake's
// references survive a reorder in the editor; an id taken in the item is
// never given twice.
func NormalizeItem(it *Item) {
	it.LegalBasis = nonNil(it.LegalBasis)
	it.Conditions = nonNil(it.Conditions)
	it.Materials = nonNil(it.Materials)
	it.Delivery = nonNil(it.Delivery)
	it.Keywords = nonNil(it.Keywords)
	it.FAQ = nonNil(it.FAQ)
	if len(it.Result.Fields) == 0 {
		it.Result.Fields = nil // omitted in the file: nil either way, so a round trip is equal
	}
	if len(it.Parties) == 0 {
		it.Parties = nil // likewise
	}
	for i := range it.Materials {
		if len(it.Materials[i].Parties) == 0 {
			it.Materials[i].Parties = nil
		}
	}
	taken := map[string]bool{}
	for _, m := range it.Materials {
		if m.ID != "" {
			taken[m.ID] = true
		}
	}
	for i := range it.Materials {
		if it.Materials[i].ID != "" {
			continue
		}
		for n := i; ; n++ {
			id := DefaultMaterialID(it.Code, n)
			if !taken[id] {
				it.Materials[i].ID = id
				taken[id] = true
				break
			}
		}
	}
}

// NormalizeBundle gives a bundle's lists their non-nil empty value.
func NormalizeBundle(b *Bundle) {
	b.Steps = nonNil(b.Steps)
	b.Keywords = nonNil(b.Keywords)
	for i := range b.Steps {
		b.Steps[i].After = nonNil(b.Steps[i].After)
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Item returns the item with a code.
func (c *Catalog) Item(code string) (Item, bool) {
	for _, it := range c.Items {
		if it.Code == code {
			return it, true
		}
	}
	return Item{}, false
}

// Bundle returns the bundle with a code.
func (c *Catalog) Bundle(code string) (Bundle, bool) {
	for _, b := range c.Bundles {
		if b.Code == code {
			return b, true
		}
	}
	return Bundle{}, false
}

// BundleItems returns a bundle's items in the bundle's topological order;
// unknown step items are left out.
func (c *Catalog) BundleItems(b Bundle) []Item {
	order, err := b.Order()
	if err != nil {
		order = stepCodes(b)
	}
	var out []Item
	for _, code := range order {
		if it, ok := c.Item(code); ok {
			out = append(out, it)
		}
	}
	return out
}

// ItemRef is what a lint needs to know about another item.
type ItemRef struct {
	Name           string
	DepartmentKind string
	PromisedDays   int
}

// Refs is what lint checks references against: the codes that exist. A nil
// map knows nothing, so every reference to it is a finding.
type Refs struct {
	Licences        map[string]bool    // licence type codes
	Data            map[string]bool    // shared data item codes
	Items           map[string]ItemRef // item codes
	DepartmentKinds map[string]bool    // department kinds
}

// Refs collects the catalogue's own codes.
func (c *Catalog) Refs() Refs {
	r := Refs{
		Licences:        map[string]bool{},
		Data:            map[string]bool{},
		Items:           map[string]ItemRef{},
		DepartmentKinds: map[string]bool{},
	}
	for _, d := range c.DepartmentKinds {
		r.DepartmentKinds[d.Kind] = true
	}
	for _, l := range c.LicenceTypes {
		r.Licences[l.Code] = true
	}
	for _, d := range c.SharedData {
		r.Data[d.Code] = true
	}
	for _, it := range c.Items {
		if _, dup := r.Items[it.Code]; !dup {
			r.Items[it.Code] = ItemRef{Name: it.Name, DepartmentKind: it.DepartmentKind, PromisedDays: it.PromisedDays}
		}
	}
	return r
}

// Names maps every item code to its name, for SVG and the UI.
func (c *Catalog) Names() map[string]string {
	m := make(map[string]string, len(c.Items))
	for _, it := range c.Items {
		m[it.Code] = it.Name
	}
	return m
}
