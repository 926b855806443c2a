package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"onetrip/app/apptest"
	"onetrip/archive"
	"onetrip/casework"
	"onetrip/idcode"
	"onetrip/sqlstore"
)

// closedHouseSale takes a 二手房买卖 through the window (every material the
// applicant hands in scanned: one PDF each), the three departments'
// decisions and the hand-over, and returns the closed case.
func closedHouseSale(t *testing.T, e *apptest.Env) caseJSON {
	t.Helper()
	cl := bundleChecklist(t, e, "B-HOUSE-RESALE")
	var marks []map[string]any
	for _, m := range marksExcept(cl) {
		x := map[string]any{"spec": m.Spec, "status": m.Status}
		for _, c := range cl {
			if c.SpecIDs[0] == m.Spec && c.Source == "applicant" {
				x["file"] = uploadPDF(t, e, "qz.clerk", c.Name)
			}
		}
		marks = append(marks, x)
	}
	c := acceptBundle(t, e, "B-HOUSE-RESALE", map[string]any{"delivery": "window", "materials": marks})
	decide(t, e, "qz.reviewer.housing", queueTask(t, e, "qz.reviewer.housing", c.ID), "approve", map[string]string{"合同编号": "KC-2026-1202-001", "成交价格": "1860000"})
	decide(t, e, "qz.reviewer.tax", queueTask(t, e, "qz.reviewer.tax", c.ID), "approve", map[string]string{"完税凭证号": "SW330802-112233"})
	decide(t, e, "qz.reviewer.land", queueTask(t, e, "qz.reviewer.land", c.ID), "approve", map[string]string{"不动产权证书号": "浙(2026)衢州市不动产权第0654321号"})
	payFees(t, e, c.ID, "qz.clerk") // the registration fee, shown at the window and paid there
	var done caseJSON
	e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &done)
	r := e.Do("POST", "/api/v1/cases/"+c.ID+"/handover", "qz.clerk", map[string]any{"version": done.Version,
		"collector": map[string]any{"relation": "authorised", "name": "钱受托", "id_number": idcode.MakeCitizenID("330802", time.Date(1988, 8, 8, 0, 0, 0, 0, time.UTC), 17), "authorisation": "WT-2026-0009"}})
	r.JSON(t, &done)
	if r.Status != 200 || done.Status != "closed" {
		t.Fatalf("handover: %d %s", r.Status, r.Body)
	}
	return done
}

func zipNames(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

// TestHouseSaleArchivedByEachDepartment is the test: the 二手房买卖
// bundle closes; the housing-transaction, taxation and real-estate-
// registration departments each get their own package with only their
// part; the 四性检测 passes; a changed byte in one file fails the check and
// names the file. Each department's archivist sees its own package only.
func TestHouseSaleArchivedByEachDepartment(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		c := closedHouseSale(t, e)
		// Within the quiet period nothing is archived.
		res, err := e.Store.ArchiveDue(ctx, sqlstore.DefaultArchiveQuiet, e.Blobs, e.Archive, 0)
		if err != nil || res.Cases != 0 {
			t.Fatalf("archived within the quiet period: %+v %v", res, err)
		}
		res, err = e.Store.ArchiveDue(ctx, 0, e.Blobs, e.Archive, 0)
		if err != nil || res.Cases != 1 || res.Packages != 3 || len(res.Failed) != 0 {
			t.Fatalf("archive: %+v %v", res, err)
		}
		var after caseJSON
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &after)
		if after.Status != "archived" {
			t.Fatalf("case after archiving: %s", after.Status)
		}
		evs, _ := e.Store.Events(ctx, c.ID)
		if last := evs[len(evs)-1]; last.Type != "case.archived" || !strings.Contains(string(last.Data), "330802-natural-resources") {
			t.Fatalf("last event %s %s", last.Type, last.Data)
		}
		if err := casework.VerifyEvents(evs); err != nil {
			t.Fatalf("the log after archiving: %v", err)
		}
		// Each archivist sees exactly its department's package.
		steps := map[string]string{"housing": "330-ZJJS-004", "tax": "330-SWJG-002", "land": "330-ZRZY-002"}
		var landPkg sqlstore.Package
		for short, item := range steps {
			user := "qz.archivist." + short
			var list []sqlstore.Package
			r := e.Do("GET", "/api/v1/archive/packages?case="+c.ID, user, nil)
			r.JSON(t, &list)
			if r.Status != 200 || len(list) != 1 || list[0].ItemCode != item || !list[0].CheckOK || strings.Contains(string(r.Body), seller) {
				t.Fatalf("%s: %d %s", user, r.Status, r.Body)
			}
			pkg := list[0]
			d := e.Do("GET", "/api/v1/archive/packages/"+pkg.ID+"/download", user, nil)
			if d.Status != 200 || d.Header.Get("Content-Type") != "application/zip" {
				t.Fatalf("download: %d", d.Status)
			}
			if rep := archive.Check(d.Body, nil); !rep.OK() {
				t.Fatalf("%s's package: %+v", short, rep.Problems)
			}
			files := zipNames(t, d.Body)
			var tasks []casework.Task
			if err := json.Unmarshal(files["data/tasks.json"], &tasks); err != nil || len(tasks) != 1 || tasks[0].Step != item {
				t.Fatalf("%s's tasks: %s", short, files["data/tasks.json"])
			}
			for name := range files {
				for other, otherItem := range steps {
					if other != short && strings.Contains(string(files[name]), `"step": "`+otherItem+`"`) && name == "data/events.json" {
						t.Fatalf("%s's events mention %s's task", short, other)
					}
				}
			}
			if short == "land" {
				landPkg = pkg
				if !slices.ContainsFunc(keys(files), func(n string) bool { return strings.HasPrefix(n, "data/materials/") && strings.HasSuffix(n, ".pdf") }) {
					t.Fatalf("registration's package has no scanned material: %v", keys(files))
				}
			}
			// another department's package is not found
			for other := range steps {
				if other != short {
					var theirs []sqlstore.Package
					e.Do("GET", "/api/v1/archive/packages?case="+c.ID, "qz.archivist."+other, nil).JSON(t, &theirs)
					if r := e.Do("GET", "/api/v1/archive/packages/"+pkg.ID, "qz.archivist."+other, nil); r.Status != 404 {
						t.Fatalf("%s reads %s's package: %d", other, short, r.Status)
					}
				}
			}
		}
		if r := e.Do("GET", "/api/v1/archive/packages", "qz.clerk", nil); r.Status != 403 {
			t.Fatalf("a clerk lists packages: %d", r.Status)
		}
		if r := e.Do("GET", "/api/v1/archive/packages/"+landPkg.ID, "qz.archivist.market", nil); r.Status != 404 {
			t.Fatalf("the market archivist reads registration's package: %d", r.Status)
		}
		// A changed byte fails the check and names the file; the stored
		// package is untouched and checks again on demand.
		b := e.Do("GET", "/api/v1/archive/packages/"+landPkg.ID+"/download", "qz.archivist.land", nil).Body
		files := zipNames(t, b)
		var victim string
		for n := range files {
			if strings.HasPrefix(n, "data/materials/") {
				victim = n
				break
			}
		}
		files[victim] = append(bytes.Clone(files[victim][:len(files[victim])-3]), 'X', '\n', '\n')
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for n, body := range files {
			w, _ := zw.Create(n)
			w.Write(body)
		}
		zw.Close()
		rep := archive.Check(buf.Bytes(), nil)
		if rep.OK() || !slices.ContainsFunc(rep.Problems, func(p archive.Problem) bool { return p.File == victim && p.Key == "archive.check.digest" }) {
			t.Fatalf("a changed byte: %+v", rep)
		}
		var again sqlstore.Package
		r := e.Do("POST", "/api/v1/archive/packages/"+landPkg.ID+"/check", "qz.archivist.land", nil)
		r.JSON(t, &again)
		if r.Status != 200 || !again.CheckOK {
			t.Fatalf("recheck: %d %s", r.Status, r.Body)
		}
		// Working data trimmed: the upload store drops the case's files, a
		// download reads them from the packages.
		var archived caseJSON
		e.Do("GET", "/api/v1/cases/"+c.ID, "qz.clerk", nil).JSON(t, &archived)
		var fileID string
		for _, m := range archived.Materials {
			if len(m.Files) > 0 {
				fileID = m.Files[0]
			}
		}
		beforeTrim := e.Do("GET", "/api/v1/blobs/"+fileID, "qz.clerk", nil)
		n, err := e.Store.TrimArchivedUploads(ctx, e.Blobs, e.Archive)
		if err != nil || n == 0 {
			t.Fatalf("trim: %d %v", n, err)
		}
		if _, err := e.Blobs.Get(fileID); err == nil {
			t.Fatal("the upload is still in the upload store")
		}
		afterTrim := e.Do("GET", "/api/v1/blobs/"+fileID, "qz.clerk", nil)
		if beforeTrim.Status != 200 || afterTrim.Status != 200 || !bytes.Equal(beforeTrim.Body, afterTrim.Body) {
			t.Fatalf("download after trimming: %d → %d", beforeTrim.Status, afterTrim.Status)
		}
		// Archiving again changes nothing.
		if res, err := e.Store.ArchiveDue(ctx, 0, e.Blobs, e.Archive, 0); err != nil || res.Cases != 0 {
			t.Fatalf("second run: %+v %v", res, err)
		}
	})
}

func keys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestArchiveTransferAndDestruction: an archivist transfers its own
// packages only, each checked again and passing; a package damaged in the
// storage is detected at transfer and refused with nothing transferred;
// destroying needs the retention over and a region admin's approval, and
// the destruction list keeps what it was.
func TestArchiveTransferAndDestruction(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		c := closedHouseSale(t, e)
		if _, err := e.Store.ArchiveDue(ctx, 0, e.Blobs, e.Archive, 0); err != nil {
			t.Fatal(err)
		}
		pkgOf := func(user string) sqlstore.Package {
			var list []sqlstore.Package
			e.Do("GET", "/api/v1/archive/packages?case="+c.ID, user, nil).JSON(t, &list)
			if len(list) != 1 {
				t.Fatalf("%s: %d packages", user, len(list))
			}
			return list[0]
		}
		land, tax, housing := pkgOf("qz.archivist.land"), pkgOf("qz.archivist.tax"), pkgOf("qz.archivist.housing")
		if r := e.Do("POST", "/api/v1/archive/transfers", "qz.archivist.land", map[string]any{"packages": []string{land.ID, tax.ID}}); r.Status != 404 {
			t.Fatalf("a transfer with another department's package: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/v1/archive/transfers", "qz.admin", map[string]any{"packages": []string{land.ID}}); r.Status != 403 {
			t.Fatalf("an admin transfers: %d", r.Status)
		}
		var tr sqlstore.Transfer
		r := e.Do("POST", "/api/v1/archive/transfers", "qz.archivist.land", map[string]any{"packages": []string{land.ID}})
		r.JSON(t, &tr)
		if r.Status != 201 || tr.Count != 1 || tr.Packages[0].State != "transferred" || tr.Signature == "" {
			t.Fatalf("transfer: %d %s", r.Status, r.Body)
		}
		x := e.Do("GET", "/api/v1/archive/transfers/"+tr.ID+"/list.xml", "qz.archivist.land", nil)
		var list archive.TransferList
		if x.Status != 200 || xml.Unmarshal(x.Body, &list) != nil || list.Count != 1 || list.Packages[0].CaseNumber != c.Number || archive.SM3Hex(x.Body) != tr.ListSM3 {
			t.Fatalf("transfer list: %d %s", x.Status, x.Body)
		}
		if r := e.Do("POST", "/api/v1/archive/transfers", "qz.archivist.land", map[string]any{"packages": []string{land.ID}}); r.Status != 400 {
			t.Fatalf("transferred twice: %d %s", r.Status, r.Body)
		}
		if r := e.Do("GET", "/api/v1/archive/transfers/"+tr.ID, "qz.archivist.tax", nil); r.Status != 404 {
			t.Fatalf("another department reads the batch: %d", r.Status)
		}
		// A package damaged in the storage is detected at transfer.
		path := filepath.Join(e.DataDir, "archive", tax.SM3[:2], tax.SM3)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)/2] ^= 0xff
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if r := e.Do("POST", "/api/v1/archive/transfers", "qz.archivist.tax", map[string]any{"packages": []string{tax.ID}}); r.Status != 400 || !strings.Contains(string(r.Body), "四性检测") {
			t.Fatalf("a damaged package transferred: %d %s", r.Status, r.Body)
		}
		if p := pkgOf("qz.archivist.tax"); p.State != "kept" || p.CheckOK {
			t.Fatalf("after the refused transfer: %s, check %v", p.State, p.CheckOK)
		}

		// Destruction: not within retention; proposed, then approved by an admin.
		prop := func(user, id string) apptest.Response {
			return e.Do("POST", "/api/v1/archive/packages/"+id+"/destruction", user, map[string]any{"reason": "保管期限已满"})
		}
		if r := prop("qz.archivist.housing", housing.ID); r.Status != 409 {
			t.Fatalf("destroyed within retention: %d %s", r.Status, r.Body)
		}
		// the package as one archived in 1990 (30 years: ended 2021)
		if _, err := e.Store.DB().ExecContext(ctx, `UPDATE archive_packages SET archived_at = $1 WHERE id = $2`,
			sqlstore.TS(time.Date(1990, 6, 1, 0, 0, 0, 0, time.UTC)), housing.ID); err != nil {
			t.Fatal(err)
		}
		if r := prop("qz.archivist.land", housing.ID); r.Status != 404 {
			t.Fatalf("another department proposes: %d", r.Status)
		}
		if r := e.Do("POST", "/api/v1/archive/packages/"+housing.ID+"/destruction/approval", "qz.admin", nil); r.Status != 409 {
			t.Fatalf("approved before any proposal: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/v1/archive/packages/"+housing.ID+"/destruction", "qz.archivist.housing", map[string]any{"reason": "  "}); r.Status != 400 {
			t.Fatalf("a proposal without a reason: %d %s", r.Status, r.Body)
		}
		if r := prop("qz.archivist.housing", housing.ID); r.Status != 204 {
			t.Fatalf("propose: %d %s", r.Status, r.Body)
		}
		if r := e.Do("POST", "/api/v1/archive/packages/"+housing.ID+"/destruction/approval", "qz.archivist.housing", nil); r.Status != 403 {
			t.Fatalf("the archivist approves: %d", r.Status)
		}
		if r := e.Do("POST", "/api/v1/archive/packages/"+housing.ID+"/destruction/approval", "qz.admin", nil); r.Status != 204 {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		if p := pkgOf("qz.archivist.housing"); p.State != "destroyed" {
			t.Fatalf("after destruction: %s", p.State)
		}
		if r := e.Do("GET", "/api/v1/archive/packages/"+housing.ID+"/download", "qz.archivist.housing", nil); r.Status != 404 {
			t.Fatalf("a destroyed package downloads: %d", r.Status)
		}
	})
}

// TestRetentionOnTheItemPage: the province's admin sets an item's
// retention on its editor page; a city admin cannot; a bad value changes
// nothing; the API refuses a bad period.
func TestRetentionOnTheItemPage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		admin := newClient(t, e, "zj.admin")
		st, _, _ := admin.do("POST", "/admin/items/330-ZRZY-002/retention", url.Values{"csrf": {admin.CSRF}, "retention": {"permanent"}})
		if st != 303 {
			t.Fatalf("save: %d", st)
		}
		if r, _ := e.Store.RetentionOf(ctx, "330-ZRZY-002"); r != archive.RetentionPermanent {
			t.Fatalf("retention %s", r)
		}
		if _, page := admin.get("/admin/items/330-ZRZY-002"); !strings.Contains(page, `<option value="permanent" selected>永久</option>`) {
			t.Fatal("the editor does not show the retention")
		}
		if st, _, _ := admin.do("POST", "/admin/items/330-ZRZY-002/retention", url.Values{"csrf": {admin.CSRF}, "retention": {"5y"}}); st != 400 {
			t.Fatalf("a bad period: %d", st)
		}
		city := newClient(t, e, "qz.admin")
		if st, _, _ := city.do("POST", "/admin/items/330-ZRZY-002/retention", url.Values{"csrf": {city.CSRF}, "retention": {"10y"}}); st != 403 {
			t.Fatalf("a city admin: %d", st)
		}
		if r, _ := e.Store.RetentionOf(ctx, "330-ZRZY-002"); r != archive.RetentionPermanent {
			t.Fatalf("changed by a refused request: %s", r)
		}
		if r := e.Do("PUT", "/api/v1/archive/retention/330-ZRZY-002", "zj.admin", map[string]any{"retention": "forever"}); r.Status != 400 {
			t.Fatalf("API bad period: %d", r.Status)
		}
		if r := e.Do("PUT", "/api/v1/archive/retention/330-NONE-001", "zj.admin", map[string]any{"retention": "10y"}); r.Status != 404 {
			t.Fatalf("API unknown item: %d", r.Status)
		}
		if r := e.Do("PUT", "/api/v1/archive/retention/330-ZRZY-002", "zj.admin", map[string]any{"retention": "10y"}); r.Status != 200 {
			t.Fatalf("API: %d %s", r.Status, r.Body)
		}
	})
}
