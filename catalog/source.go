package catalog

import (
	"regexp"
	"strings"

	"onetrip"
)

// SourceKind says where a material comes from.
type SourceKind string

const (
	SourceApplicant SourceKind = "applicant"  // the applicant hands it in
	SourceLicence   SourceKind = "licence"    // fetched from the licence library
	SourceShared    SourceKind = "shared"     // fetched from shared data
	SourcePriorStep SourceKind = "prior-step" // the result of an earlier bundle step
)

// Label is the kind's name in a language.
func (k SourceKind) Label(lang onetrip.Lang) string { return label("source", string(k), lang) }

// Source is a parsed MaterialSpec.Source: "applicant", "licence:L-…",
// "shared:D-…" or "prior-step". Ref is the licence type or data item code.
type Source struct {
	Kind SourceKind
	Ref  string
}

var (
	licenceCodeRE = regexp.MustCompile(`^L-[A-Z0-9]+(?:-[A-Z0-9]+)*$`)
	dataCodeRE    = regexp.MustCompile(`^D-[A-Z0-9]+(?:-[A-Z0-9]+)*$`)
	bundleCodeRE  = regexp.MustCompile(`^B-[A-Z0-9]+(?:-[A-Z0-9]+)*$`)
	itemCodeRE    = regexp.MustCompile(`^330-[A-Z]{4}-[0-9]{3}$`)
	deptKindRE    = regexp.MustCompile(`^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$`)
)

// ParseSource reads a material source. The ref of licence: and shared: must
// look like a licence type (L-…) or data item (D-…) code; whether it exists
// is lint's business (it needs Refs).
func ParseSource(s string) (Source, error) {
	switch {
	case s == string(SourceApplicant):
		return Source{Kind: SourceApplicant}, nil
	case s == string(SourcePriorStep):
		return Source{Kind: SourcePriorStep}, nil
	case strings.HasPrefix(s, "licence:") && licenceCodeRE.MatchString(s[len("licence:"):]):
		return Source{Kind: SourceLicence, Ref: s[len("licence:"):]}, nil
	case strings.HasPrefix(s, "shared:") && dataCodeRE.MatchString(s[len("shared:"):]):
		return Source{Kind: SourceShared, Ref: s[len("shared:"):]}, nil
	}
	return Source{}, onetrip.Invalid("catalog.source.invalid", s)
}

// String is the file form of the source.
func (s Source) String() string {
	if s.Ref == "" {
		return string(s.Kind)
	}
	return string(s.Kind) + ":" + s.Ref
}

// Fetched reports whether the material is fetched by the system rather than
// handed in (rule 5 of DESIGN: data over paper).
func (s Source) Fetched() bool { return s.Kind == SourceLicence || s.Kind == SourceShared }
