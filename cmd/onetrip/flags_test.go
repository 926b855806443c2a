package main

import (
	"flag"
	"io"
	"slices"
	"testing"
)

// TestFlagsAnywhere: flags after the file are taken as flags (onetrip
// import catalog FILE --data DIR), and after "--" nothing is.
func TestFlagsAnywhere(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		data, by   string
		positional []string
	}{
		{[]string{"cat.json", "--data", "d1"}, "d1", "cli", []string{"cat.json"}},
		{[]string{"--data", "d2", "cat.json"}, "d2", "cli", []string{"cat.json"}},
		{[]string{"a.json", "--by=ops", "b.json", "--data", "d3"}, "d3", "ops", []string{"a.json", "b.json"}},
		{[]string{"--data", "d4", "--", "--by", "x"}, "d4", "cli", []string{"--by", "x"}},
		{nil, "./onetrip-data", "cli", nil},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		data := fs.String("data", "./onetrip-data", "")
		by := fs.String("by", "cli", "")
		if err := parseFlags(fs, tc.args); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if *data != tc.data || *by != tc.by || !slices.Equal(fs.Args(), tc.positional) && len(fs.Args())+len(tc.positional) > 0 {
			t.Errorf("%v: data %q by %q args %q", tc.args, *data, *by, fs.Args())
		}
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if err := parseFlags(fs, []string{"file", "--nope"}); err == nil {
		t.Fatal("an unknown flag after the file is still refused")
	}
}
