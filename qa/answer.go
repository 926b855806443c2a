package qa

import (
	"strconv"
	"strings"

	"onetrip"
	"onetrip/catalog"
)

// Kind is what an answer is about.
type Kind string

// The kinds of answers.
const (
	KindItem   Kind = "item"
	KindBundle Kind = "bundle"
	KindEntry  Kind = "entry"
)

// Answer is one ranked answer to a question. For an entry, Code is the
// entry's id and Services the items and bundles it belongs to.
type Answer struct {
	Code      string   `json:"code"`
	Kind      Kind     `json:"kind"`
	Name      string   `json:"name"`
	Score     float64  `json:"score"`
	Answer    string   `json:"answer"`
	Materials []string `json:"materials,omitempty"`
	Services  []string `json:"services,omitempty"`
	Links     []Link   `json:"links"`
}

// Link is where an answer leads: the guide, the application.
type Link struct {
	Rel   string `json:"rel"` // guide | apply
	Href  string `json:"href"`
	Title string `json:"title"`
}

// Service is the code an answer counts for when measured: an item's or a
// bundle's own, an entry's first service.
func (a Answer) Service() string {
	if a.Kind == KindEntry && len(a.Services) > 0 {
		return a.Services[0]
	}
	return a.Code
}

// Place is where a region does an item (from its implementation), for
// answers to 在哪办.
type Place struct {
	Department, Address, Hours, Phone string
}

// ItemLinks are the links of an item's answer.
func ItemLinks(it catalog.Item, lang onetrip.Lang) []Link {
	return []Link{
		{Rel: "guide", Href: "/guides/" + it.Code, Title: onetrip.Render(lang, "qa.link.guide")},
		{Rel: "apply", Href: "/apply/" + it.Code, Title: onetrip.Render(lang, "qa.link.apply")},
	}
}

// BundleLinks are the links of a bundle's answer.
func BundleLinks(b catalog.Bundle, lang onetrip.Lang) []Link {
	return []Link{
		{Rel: "guide", Href: "/bundles/" + b.Code, Title: onetrip.Render(lang, "qa.link.guide")},
		{Rel: "apply", Href: "/apply/bundle/" + b.Code, Title: onetrip.Render(lang, "qa.link.apply")},
	}
}

// MaterialNames lists what the applicant brings for an item: the required
// materials, each marked when the platform fetches it instead (免提交).
func MaterialNames(it catalog.Item, lang onetrip.Lang) []string {
	var out []string
	for _, m := range it.Materials {
		src, _ := catalog.ParseSource(m.Source)
		if src.Kind == catalog.SourcePriorStep {
			continue
		}
		n := m.Name
		switch {
		case src.Fetched():
			n += onetrip.Render(lang, "qa.material.fetched")
		case !m.Required:
			n += onetrip.Render(lang, "qa.material.optional")
		}
		out = append(out, n)
	}
	return out
}

// BundleMaterials lists the materials of a bundle's steps, each once (a
// material shared by two steps is brought once).
func BundleMaterials(b catalog.Bundle, items map[string]catalog.Item, lang onetrip.Lang) []string {
	var out []string
	seen := map[string]bool{}
	for _, st := range b.Steps {
		for _, n := range MaterialNames(items[st.Item], lang) {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

func feeText(it catalog.Item, lang onetrip.Lang) string {
	if it.Fee.Yuan == 0 {
		return onetrip.Render(lang, "qa.fee.none")
	}
	return onetrip.Render(lang, "qa.fee.yuan", it.Fee.Yuan.String(), it.Fee.Basis)
}

func daysText(it catalog.Item, lang onetrip.Lang) string {
	if it.PromisedDays == 0 {
		return onetrip.Render(lang, "qa.days.immediate", it.StatutoryDays)
	}
	return onetrip.Render(lang, "qa.days.promised", it.PromisedDays, it.StatutoryDays)
}

func list(lang onetrip.Lang, xs []string) string {
	if len(xs) == 0 {
		return onetrip.Render(lang, "qa.list.none")
	}
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteString(onetrip.Semicolon(lang))
		}
		b.WriteString(strconv.Itoa(i+1) + ". " + x)
	}
	return b.String()
}

// ComposeItem answers the part of an item a question asks about from the
// guide's current version (and, for the place, the asker's region's
// implementation when there is one).
func ComposeItem(it catalog.Item, in Intent, place *Place, lang onetrip.Lang) string {
	switch in {
	case IntentMaterials:
		return onetrip.Render(lang, "qa.answer.materials", it.Name, list(lang, MaterialNames(it, lang)))
	case IntentFee:
		return it.Name + onetrip.Colon(lang) + feeText(it, lang)
	case IntentTime:
		return it.Name + onetrip.Colon(lang) + daysText(it, lang)
	case IntentPlace:
		if place != nil {
			return onetrip.Render(lang, "qa.answer.place", it.Name, place.Department, place.Address, place.Hours, place.Phone)
		}
		return onetrip.Render(lang, "qa.answer.place_window", it.Name, it.Window)
	case IntentOnline:
		return onetrip.Render(lang, "qa.answer.online", it.Name, it.Online.Label(lang), it.MaxVisits)
	case IntentEligibility:
		return onetrip.Render(lang, "qa.answer.conditions", it.Name, list(lang, it.Conditions))
	}
	return onetrip.Render(lang, "qa.answer.item", it.Name, daysText(it, lang), feeText(it, lang), it.Online.Label(lang), it.MaxVisits)
}

// ComposeBundle answers a question about a bundle: its steps done together,
// its promised days, and the part asked about summed over its steps.
func ComposeBundle(b catalog.Bundle, items map[string]catalog.Item, in Intent, lang onetrip.Lang) string {
	var names []string
	fee := catalog.Amount(0)
	for _, st := range b.Steps {
		it := items[st.Item]
		names = append(names, it.Name)
		fee += it.Fee.Yuan
	}
	switch in {
	case IntentMaterials:
		return onetrip.Render(lang, "qa.answer.materials", b.Name, list(lang, BundleMaterials(b, items, lang)))
	case IntentFee:
		if fee == 0 {
			return b.Name + onetrip.Colon(lang) + onetrip.Render(lang, "qa.fee.none")
		}
		return onetrip.Render(lang, "qa.answer.bundle_fee", b.Name, fee.String())
	}
	return onetrip.Render(lang, "qa.answer.bundle", b.Name, len(b.Steps), list(lang, names), b.PromisedDays)
}

// RenderAnswer renders an entry's answer: each placeholder from the guide
// (its first service) in its current version. A placeholder whose guide is
// not there stays visible rather than being guessed.
func RenderAnswer(e Entry, it *catalog.Item, lang onetrip.Lang) string {
	if it == nil {
		return e.Answer
	}
	return placeholderRE.ReplaceAllStringFunc(e.Answer, func(p string) string {
		switch p {
		case "{name}":
			return it.Name
		case "{fee}":
			return feeText(*it, lang)
		case "{promised_days}":
			return strconv.Itoa(it.PromisedDays)
		case "{statutory_days}":
			return strconv.Itoa(it.StatutoryDays)
		case "{materials}":
			return list(lang, MaterialNames(*it, lang))
		case "{conditions}":
			return list(lang, it.Conditions)
		case "{online}":
			return it.Online.Label(lang)
		case "{max_visits}":
			return strconv.Itoa(it.MaxVisits)
		case "{window}":
			return it.Window
		}
		return p
	})
}
