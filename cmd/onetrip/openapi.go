package main

import (
	"context"
	"encoding/json"

	"onetrip/httpapi"
)

// cmdOpenAPI writes the API's OpenAPI 3.1 document (what GET
// /api/v1/openapi.json serves) without a database: for generating a client
// or linting the document offline.
func cmdOpenAPI(ctx context.Context, e *env, args []string) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(httpapi.Document(version))
}
