// Package qa is the province's knowledge base and question answering
// (政务服务知识库与智能问答): knowledge entries and their review, the
// synonym table that maps the way people talk to the catalogue's words,
// what a question asks (its intent), the answers composed from the guide's
// current version, and the search index (bleve) that ranks items, bundles
// and entries for a question.
//
// The rules are pure functions (CleanQuestion, DetectIntent, Expand,
// LintEntry, RenderAnswer, Compose); the Engine keeps one index per node,
// built from a Source (the store) and rebuilt when the source's generation
// changes, so every node follows an admin's change through the database.
package qa
