package catalog

import _ "embed"

// DemoJSON is the synthetic Zhejiang basic catalogue (version 2026.1), a copy
// of shared/data/catalog/zhejiang-catalog.json. It is demo and test data,
// modelled on real guides but not an official publication.
//
//go:embed data/zhejiang-catalog.json
var DemoJSON []byte

// Demo parses DemoJSON. Each call returns a fresh catalogue the caller may
// change.
func Demo() (*Catalog, error) { return Parse(DemoJSON) }
