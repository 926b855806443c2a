package catalog

import (
	"bytes"
	"reflect"
	"sync"
	"testing"
)

var demoOnce = sync.OnceValues(Demo)

// mustDemo returns a fresh copy of the demo catalogue, parsed once.
func mustDemo(t *testing.T) *Catalog {
	t.Helper()
	c, err := demoOnce()
	if err != nil {
		t.Fatal(err)
	}
	return Clone(c)
}

func TestExportReproducesFile(t *testing.T) {
	c := mustDemo(t)
	out, err := Export(c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, DemoJSON) {
		i := 0
		for i < len(out) && i < len(DemoJSON) && out[i] == DemoJSON[i] {
			i++
		}
		t.Fatalf("export differs from the file at byte %d: %q", i, out[max(0, i-80):min(len(out), i+80)])
	}
	back, err := Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, c) {
		t.Fatal("Parse(Export(c)) differs from c")
	}
	if c.Items[0].Materials[0].ID != "330-FZGG-001.M01" {
		t.Fatalf("id %q", c.Items[0].Materials[0].ID)
	}
}
