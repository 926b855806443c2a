package courier

import (
	"sync"
	"testing"

	"onetrip"
	"onetrip/region"
)

var (
	regionsOnce sync.Once
	regionsIx   Regions
	regionsErr  error
)

// testRegions is the real division data, loaded once for all tests.
func testRegions(t *testing.T) Regions {
	t.Helper()
	regionsOnce.Do(func() {
		all, err := region.All()
		regionsIx, regionsErr = NewRegions(all), err
	})
	if regionsErr != nil {
		t.Fatal(regionsErr)
	}
	return regionsIx
}

// paths lists the detail paths and keys of an invalid error, "path=key".
func paths(err error) map[string]string {
	out := map[string]string{}
	if err == nil {
		return out
	}
	for _, d := range onetrip.AsError(err).Details {
		out[d.Path] = d.Key
	}
	return out
}

func names(rs Regions) func(string) string {
	return func(code string) string {
		r, ok := rs.Lookup(code)
		if !ok {
			return ""
		}
		return r.Name
	}
}
