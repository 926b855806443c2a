package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"onetrip"
	"onetrip/app"
	"onetrip/catalog"
	"onetrip/qa"
	"onetrip/sqlstore"
	"onetrip/sqlstore/sqltest"
)

// TestKnowledgeBase: the synonym table is seeded once; entries go draft →
// reviewed (by another admin) → published, and only then reach the corpus;
// each change moves the generation the nodes' indexes follow; a refused
// save or a stale edit writes nothing; feedback counts only real answers;
// unanswered questions are counted.
func TestKnowledgeBase(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		s.SetClock(func() time.Time { return time.Date(2026, time.December, 2, 2, 0, 0, 0, time.UTC) })
		if err := app.Bootstrap(ctx, s); err != nil {
			t.Fatal(err)
		}
		cat, _ := catalog.Demo()
		if _, err := s.ImportCatalog(ctx, cat, "test"); err != nil {
			t.Fatal(err)
		}
		src := s.QA()
		gen := func() string {
			g, err := src.QAGeneration(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return g
		}
		syn, err := s.Synonyms(ctx)
		if err != nil || len(syn) != len(qa.DefaultSynonyms) {
			t.Fatalf("seeded %d synonyms, want %d: %v", len(syn), len(qa.DefaultSynonyms), err)
		}
		if err := s.DeleteSynonym(ctx, "面馆"); err != nil {
			t.Fatal(err)
		}
		if err := app.Bootstrap(ctx, s); err != nil { // a later start does not seed again
			t.Fatal(err)
		}
		if syn, _ := s.Synonyms(ctx); len(syn) != len(qa.DefaultSynonyms)-1 {
			t.Fatalf("the table was seeded again: %d", len(syn))
		}
		g0 := gen()
		if err := s.SetSynonym(ctx, qa.Synonym{Term: "螺蛳粉店", Targets: []string{"餐饮"}}, "zj.admin"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetSynonym(ctx, qa.Synonym{Term: "a b", Targets: nil}, "zj.admin"); !onetrip.HasCode(err, onetrip.CodeInvalid) {
			t.Fatalf("bad synonym: %v", err)
		}
		if err := s.DeleteSynonym(ctx, "没有这个"); !onetrip.HasCode(err, onetrip.CodeNotFound) {
			t.Fatalf("delete missing: %v", err)
		}
		g1 := gen()
		if g1 == g0 {
			t.Fatal("a synonym did not move the generation")
		}

		// refused: nothing written
		_, err = s.SaveKnowledgeEntry(ctx, qa.Entry{Question: "面馆", Answer: "收费80元", Services: []string{"330-XXXX-001"}}, 0, "zj.admin")
		if e := onetrip.AsError(err); e == nil || e.Code != onetrip.CodeInvalid || len(e.Details) != 2 {
			t.Fatalf("bad entry: %v", err)
		}
		if list, _ := s.KnowledgeEntries(ctx, sqlstore.KnowledgeQuery{}); len(list) != 0 || gen() != g1 {
			t.Fatalf("a refused entry was written: %v", list)
		}
		e, err := s.SaveKnowledgeEntry(ctx, qa.Entry{Question: "开面馆要先办执照吗", Answer: "先办{name}，{fee}。",
			Services: []string{"330-SCJG-001", "B-RESTAURANT"}}, 0, "zj.admin")
		if err != nil || e.State != qa.StateDraft || e.Author != "zj.admin" {
			t.Fatalf("save: %+v %v", e, err)
		}
		inCorpus := func(id string) bool {
			c, err := src.QACorpus(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range c.Entries {
				if x.ID == id {
					return true
				}
			}
			return false
		}
		if inCorpus(e.ID) {
			t.Fatal("a draft reached the corpus")
		}
		if _, err := s.TransitionKnowledgeEntry(ctx, e.ID, qa.StateReviewed, "zj.admin"); !onetrip.HasCode(err, onetrip.CodeConflict) {
			t.Fatalf("the author reviewed their own entry: %v", err)
		}
		if _, err := s.TransitionKnowledgeEntry(ctx, e.ID, qa.StateReviewed, "qz.admin"); err != nil {
			t.Fatal(err)
		}
		pub, err := s.TransitionKnowledgeEntry(ctx, e.ID, qa.StatePublished, "zj.admin")
		if err != nil || pub.ReviewedBy != "qz.admin" || pub.State != qa.StatePublished {
			t.Fatalf("publish: %+v %v", pub, err)
		}
		if !inCorpus(e.ID) || !inCorpus("330-SCJG-001#faq1") {
			t.Fatal("the published entry or a guide's FAQ is not in the corpus")
		}
		// a stale edit is refused; a fresh one returns the entry to draft
		cur, err := s.KnowledgeEntry(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		rev := cur.Revision
		if _, err := s.SaveKnowledgeEntry(ctx, e, rev-1, "qz.admin"); !onetrip.HasCode(err, onetrip.CodeConflict) {
			t.Fatalf("stale save: %v", err)
		}
		e.Answer = "先办{name}。"
		e2, err := s.SaveKnowledgeEntry(ctx, e, rev, "qz.admin")
		if err != nil || e2.State != qa.StateDraft || e2.Author != "zj.admin" || inCorpus(e.ID) {
			t.Fatalf("edit: %+v %v", e2, err)
		}

		// feedback
		if err := s.RecordFeedback(ctx, qa.KindBundle, "B-RESTAURANT", true); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordFeedback(ctx, qa.KindEntry, e.ID, false); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordFeedback(ctx, qa.KindEntry, "330-SCJG-001#faq1", true); err != nil {
			t.Fatal(err)
		}
		for _, bad := range [][2]string{{"item", "330-NONE-001"}, {"entry", "KB-none"}, {"entry", "330-SCJG-001#faqx"}} {
			if err := s.RecordFeedback(ctx, qa.Kind(bad[0]), bad[1], true); !onetrip.HasCode(err, onetrip.CodeNotFound) {
				t.Errorf("feedback on %v: %v", bad, err)
			}
		}
		got, _ := s.KnowledgeEntry(ctx, e.ID)
		if got.Unhelpful != 1 || got.Helpful != 0 {
			t.Errorf("entry feedback %d/%d", got.Helpful, got.Unhelpful)
		}

		// unanswered
		for range 3 {
			if err := src.QAUnanswered(ctx, "火星 移民", "330802"); err != nil {
				t.Fatal(err)
			}
		}
		if err := src.QAUnanswered(ctx, "月球", ""); err != nil {
			t.Fatal(err)
		}
		un, err := s.UnansweredQuestions(ctx, 10)
		if err != nil || len(un) != 2 || un[0].Question != "火星 移民" || un[0].Asked != 3 {
			t.Fatalf("unanswered %+v %v", un, err)
		}

		// import: all or nothing
		err = s.ImportKnowledge(ctx, []qa.Entry{{Question: "q1", Answer: "a1", Services: []string{"330-SCJG-001"}},
			{Question: "q2", Answer: "a2", Services: []string{"nope"}}}, "zj.admin")
		if e := onetrip.AsError(err); e == nil || !strings.HasPrefix(e.Details[0].Path, "[1]") {
			t.Fatalf("import with a bad entry: %v", err)
		}
		if err := s.ImportKnowledge(ctx, []qa.Entry{{Question: "q1", Answer: "a1", Services: []string{"330-SCJG-001"}}}, "zj.admin"); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.KnowledgeEntries(ctx, sqlstore.KnowledgeQuery{State: qa.StatePublished}); len(list) != 1 || list[0].Question != "q1" {
			t.Fatalf("imported: %+v", list)
		}
		if p, err := src.QAPlace(ctx, "330-SCJG-001", "330802"); err != nil || p != nil {
			t.Fatalf("no implementation: %v %v", p, err)
		}
		if ok, err := src.QARegionExists(ctx, "330802"); !ok || err != nil {
			t.Fatalf("柯城区: %v %v", ok, err)
		}
		if ok, _ := src.QARegionExists(ctx, "339999"); ok {
			t.Fatal("339999 exists")
		}
	})
}
