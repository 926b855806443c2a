package web

import (
	"strings"
	"testing"
)

func TestOrderedFields(t *testing.T) {
	got := orderedFields(map[string]string{"b": "2", "z": "26", "a": "1", "c": "3"}, []string{"c", "a", "missing", "a"})
	var keys []string
	for _, f := range got {
		keys = append(keys, f.Name)
	}
	if strings.Join(keys, ",") != "c,a,b,z" {
		t.Fatalf("order: %v", keys)
	}
}
