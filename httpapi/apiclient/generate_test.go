package apiclient_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/util"

	"onetrip/httpapi"
)

var update = flag.Bool("update", false, "write client.gen.go from the current document")

// TestClientIsGenerated generates the client from the document the server
// serves, with oapi-codegen's own loader and generator, and holds the
// committed client to it: a change to the API that is not regenerated
// fails here, and a document oapi-codegen cannot read fails here too.
func TestClientIsGenerated(t *testing.T) {
	spec, err := json.Marshal(httpapi.Document("dev"))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(file, spec, 0o600); err != nil {
		t.Fatal(err)
	}
	swagger, err := util.LoadSwagger(file)
	if err != nil {
		t.Fatalf("oapi-codegen cannot load the document: %v", err)
	}
	cfg := codegen.Configuration{
		PackageName: "apiclient",
		Generate:    codegen.GenerateOptions{Models: true, Client: true},
		// The webhook payload schemas are referred to only by the webhooks
		// section, which the generator does not walk: keep them.
		OutputOptions: codegen.OutputOptions{SkipPrune: true},
	}.UpdateDefaults()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	code, err := codegen.Generate(swagger, cfg)
	if err != nil {
		t.Fatalf("oapi-codegen cannot generate a client: %v", err)
	}
	if *update {
		if err := os.WriteFile("client.gen.go", []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile("client.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, []byte(code)) {
		t.Fatal("client.gen.go is not what the current document generates: run go generate ./httpapi/apiclient")
	}
}
