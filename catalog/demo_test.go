package catalog

import (
	"testing"

	"onetrip"
)

func TestDemoIsValid(t *testing.T) {
	c, err := Demo()
	if err != nil {
		for _, d := range onetrip.AsError(err).Details {
			t.Errorf("%s: %s", d.Path, onetrip.Render(onetrip.LangZH, d.Key, d.Args...))
		}
		t.Fatal(err)
	}
	if len(c.Items) != 59 || len(c.Bundles) != 8 || len(c.DepartmentKinds) != 28 || len(c.LicenceTypes) != 25 || len(c.SharedData) != 29 {
		t.Fatalf("counts: %d items %d bundles", len(c.Items), len(c.Bundles))
	}
}
