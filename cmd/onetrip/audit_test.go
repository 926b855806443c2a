package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"onetrip/app/apptest"
	"onetrip/casework"
	"onetrip/demo"
	"onetrip/sqlstore"
)

// TestAuditFindsTampering: on both engines, `onetrip audit verify` passes on
// an untouched database (exit 0) and, after someone with the database
// deleted a case's last event, edited a case row, rewrote a case's whole
// chain consistently, and edited a licence row, reports each (exit 1).
func TestAuditFindsTampering(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		var item struct{ Materials []struct{ ID string } }
		e.Do("GET", "/api/v1/items/330-GAJG-005", "", nil).JSON(t, &item)
		var cases []casework.Case
		for i := 0; i < 3; i++ {
			var marks []map[string]string
			for _, m := range item.Materials {
				marks = append(marks, map[string]string{"spec": m.ID, "status": "received"})
			}
			var c casework.Case
			r := e.Do("POST", "/api/v1/cases", "qz.clerk", map[string]any{"item": "330-GAJG-005", "region": "330802", "channel": "window",
				"applicant": map[string]any{"type": "person", "name": "王建国", "id_number": demo.QZApplicant.IDNumber}, "materials": marks})
			r.JSON(t, &c)
			if r.Status != 201 {
				t.Fatalf("case: %d %s", r.Status, r.Body)
			}
			cases = append(cases, c)
		}
		if _, err := e.Store.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		audit := func() (int, string) {
			var out, errb bytes.Buffer
			args := []string{"audit", "verify", "--data", e.DataDir}
			if dsn := e.Store.DSN(); dsn != "" {
				args = append(args, "--db", dsn)
			}
			code := run(ctx, args, strings.NewReader(""), &out, &errb)
			return code, out.String() + errb.String()
		}
		if code, out := audit(); code != 0 || !strings.Contains(out, "no problems") {
			t.Fatalf("untouched database: exit %d\n%s", code, out)
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if err := e.Store.Tx(ctx, func(tx *sqlstore.Tx) error { _, err := tx.ExecContext(ctx, q, args...); return err }); err != nil {
				t.Fatal(err)
			}
		}
		a, b, c := cases[0], cases[1], cases[2]
		// 1. The last event of case a deleted.
		exec(`DELETE FROM events WHERE case_id = $1 AND seq = (SELECT MAX(seq) FROM events WHERE case_id = $1)`, a.ID)
		// 2. Case b's row edited: the applicant and the status.
		exec(`UPDATE cases SET applicant_name = '伪造者', status = 'closed' WHERE id = $1`, b.ID)
		// 3. Case c's whole chain rewritten consistently (an event changed,
		// every hash recomputed, the head updated): only the checkpoint shows it.
		evs, err := e.Store.Events(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ch casework.Chain
		for i, ev := range evs {
			actor := ev.Actor
			if i == 0 {
				actor = "mallory"
			}
			x, n := ch.Append(ev.CaseID, ev.At, actor, []casework.NewEvent{{Type: ev.Type, Data: ev.Data}})
			exec(`UPDATE events SET actor = $1, prev_hash = $2, hash = $3 WHERE case_id = $4 AND seq = $5`, x[0].Actor, x[0].PrevHash, x[0].Hash, c.ID, ev.Seq)
			ch = n
		}
		exec(`UPDATE cases SET event_hash = $1 WHERE id = $2`, ch.Hash, c.ID)
		// 4. A licence row edited (the holder's name).
		list, err := e.Store.Licences(ctx, sqlstore.LicenceQuery{Holder: demo.QZCompany.IDNumber, Type: "L-BIZ"})
		if err != nil || len(list) == 0 {
			t.Fatal(err)
		}
		exec(`UPDATE licences SET holder_name = '伪造公司' WHERE id = $1`, list[0].ID)

		code, out := audit()
		if code != 1 {
			t.Fatalf("tampered database: exit %d\n%s", code, out)
		}
		for _, want := range []string{a.Number + " [head]", b.Number + " [facts]", b.Number + " [status]", c.Number + " [checkpoint]",
			list[0].Identifier + " [holder.name]"} {
			if !strings.Contains(out, want) {
				t.Errorf("the report does not name %q:\n%s", want, out)
			}
		}
		// The API shows the licence as signed, not the edited row.
		l, err := e.Store.LicenceByID(ctx, list[0].ID)
		if err != nil || l.Holder.Name != demo.QZCompany.Name || len(l.Altered) == 0 {
			t.Errorf("licence as shown: %+v", l.Holder)
		}
		if last, ok, err := e.Store.LastAudit(ctx); err != nil || !ok || last.ProblemCount < 5 {
			t.Errorf("last audit: %+v %v %v", last.ProblemCount, ok, err)
		}
	})
}
