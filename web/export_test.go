package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"onetrip"
	"onetrip/app/apptest"
	"onetrip/auth"
	"onetrip/casework"
	"onetrip/demo"
	"onetrip/idcode"
	"onetrip/sqlstore"
)

// TestExportsTakeBearerTokens: a script fetches the three Excel exports
// with a bearer token, scoped like the pages (a county supervisor gets its
// county's rows and is refused the city), and gets real date cells, empty
// blanks, a frozen header and an autofilter. A bad token is 401 in plain
// text, a role without the export 403, and a token opens no page.
func TestExportsTakeBearerTokens(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		newUser(t, e, sqlstore.NewUser{Username: "kc.supervisor", Name: "柯城区电子监察员", Role: onetrip.RoleSupervisor, Region: "330802"})
		newUser(t, e, sqlstore.NewUser{Username: "qj.clerk", Name: "衢江区综合窗口", Role: onetrip.RoleClerk, Region: "330803", Center: "330803-center"})
		accepted := windowCase(t, e, "qz.clerk", "330802", true)
		noticed := windowCase(t, e, "qz.clerk", "330802", false)
		neighbour := windowCase(t, e, "qj.clerk", "330803", true)

		t.Run("refusals", func(t *testing.T) {
			sup, err := e.Store.UserByName(ctx, "qz.supervisor")
			if err != nil {
				t.Fatal(err)
			}
			expired, _, err := e.Store.IssueToken(ctx, sup.ID, "expired", -time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			revoked, tok, err := e.Store.IssueToken(ctx, sup.ID, "revoked", 0)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.Store.RevokeToken(ctx, sup.ID, tok.ID); err != nil {
				t.Fatal(err)
			}
			bearer := func(user string) string { return "Bearer " + e.Token(user) }
			for _, c := range []struct {
				name, path, authz string
				status            int
				location          string // the redirect's target, for a 303
			}{
				{"not a bearer token", "/supervision/cases.xlsx", "Basic cXo6c3VwZXJ2aXNvcg==", http.StatusUnauthorized, ""},
				{"unknown token", "/supervision/cases.xlsx", "Bearer " + auth.NewToken(auth.APITokenPrefix), http.StatusUnauthorized, ""},
				{"expired token", "/stats/coverage.xlsx", "Bearer " + expired, http.StatusUnauthorized, ""},
				{"revoked token", "/licences.xlsx", "Bearer " + revoked, http.StatusUnauthorized, ""},
				{"clerk: supervision", "/supervision/cases.xlsx", bearer("qz.clerk"), http.StatusForbidden, ""},
				{"clerk: coverage", "/stats/coverage.xlsx", bearer("qz.clerk"), http.StatusForbidden, ""},
				{"applicant: licences", "/licences.xlsx", bearer("qz.applicant"), http.StatusForbidden, ""},
				{"county supervisor: the city's cases", "/supervision/cases.xlsx?region=330800", bearer("kc.supervisor"), http.StatusForbidden, ""},
				{"county supervisor: the city's coverage", "/stats/coverage.xlsx?region=330800", bearer("kc.supervisor"), http.StatusForbidden, ""},
				{"city supervisor: another city", "/supervision/cases.xlsx?region=330102", bearer("qz.supervisor"), http.StatusForbidden, ""},
				{"a token opens no page", "/supervision/cases", bearer("qz.supervisor"), http.StatusSeeOther, "/login?next=%2Fsupervision%2Fcases"},
				{"a token opens no case", "/cases/" + accepted.ID, bearer("qz.supervisor"), http.StatusSeeOther, "/login?next=%2Fcases%2F" + accepted.ID},
				{"a token issues no token", "POST /account/tokens", bearer("qz.supervisor"), http.StatusSeeOther, "/login?next=%2Faccount%2Ftokens"},
			} {
				t.Run(c.name, func(t *testing.T) {
					method, path := http.MethodGet, c.path
					if m, p, ok := strings.Cut(c.path, " "); ok {
						method, path = m, p
					}
					st, h, body := fetch(t, e, method, path, c.authz)
					if st != c.status || h.Get("Location") != c.location {
						t.Fatalf("%s %s: %d %q, want %d %q: %s", method, path, st, h.Get("Location"), c.status, c.location, body)
					}
					if st == http.StatusUnauthorized || (st == http.StatusForbidden && strings.HasSuffix(c.path, ".xlsx")) {
						if !strings.HasPrefix(h.Get("Content-Type"), "text/plain") || bytes.Contains(body, []byte("<html")) {
							t.Fatalf("a script's refusal must be plain text: %s %s", h.Get("Content-Type"), body)
						}
					}
					if st == http.StatusUnauthorized && h.Get("WWW-Authenticate") == "" {
						t.Fatal("401 without WWW-Authenticate")
					}
				})
			}
			if _, _, body := fetch(t, e, "GET", "/stats/coverage.xlsx", "Bearer "+expired); !strings.Contains(string(body), "过期") {
				t.Errorf("an expired token is told so: %s", body)
			}
		})

		t.Run("supervision", func(t *testing.T) {
			for _, c := range []struct {
				name, user, query string
				want              []string // case numbers
			}{
				{"city supervisor, the city", "qz.supervisor", "?region=330800", []string{accepted.Number, noticed.Number, neighbour.Number}},
				{"city supervisor, one county", "qz.supervisor", "?region=330803", []string{neighbour.Number}},
				{"county supervisor, by default its county", "kc.supervisor", "", []string{accepted.Number, noticed.Number}},
				{"county supervisor, its county", "kc.supervisor", "?region=330802", []string{accepted.Number, noticed.Number}},
			} {
				t.Run(c.name, func(t *testing.T) {
					x := export(t, e, "/supervision/cases.xlsx"+c.query, c.user, "办件")
					if got := x.column("办件编号"); !sameSet(got, c.want) {
						t.Fatalf("cases %v, want %v", got, c.want)
					}
					x.framed(len(c.want))
					for i, number := range x.column("办件编号") {
						row := i + 2
						switch number {
						case accepted.Number:
							x.date(row, "受理时间", accepted.AcceptedAt.In(onetrip.China).Truncate(time.Minute), "yyyy-mm-dd hh:mm", "2006-01-02 15:04")
							due, err := time.ParseInLocation("2006-01-02", accepted.DueDate, onetrip.China)
							if err != nil {
								t.Fatalf("due date %q: %v", accepted.DueDate, err)
							}
							x.date(row, "承诺办结日期", due, "yyyy-mm-dd", "2006-01-02")
						case noticed.Number:
							x.blank(row, "受理时间")
							x.blank(row, "承诺办结日期")
							x.blank(row, "时限状态")
						}
						if c.user == "kc.supervisor" {
							if region := x.value(row, "地区代码"); region != "330802" {
								t.Errorf("row %d: region %s outside the county", row, region)
							}
							if name := x.value(row, "地区"); name != "浙江省衢州市柯城区" {
								t.Errorf("row %d: region named %q", row, name)
							}
						}
					}
				})
			}
		})

		t.Run("coverage", func(t *testing.T) {
			for _, c := range []struct{ user, query, region string }{
				{"kc.supervisor", "", "柯城区"},
				{"qz.supervisor", "?region=330802", "柯城区"},
				{"qz.admin", "", "衢州市"},
			} {
				t.Run(c.user+c.query, func(t *testing.T) {
					x := export(t, e, "/stats/coverage.xlsx"+c.query, c.user, "汇总")
					if got := x.column("名称"); len(got) != 1 || got[0] != c.region {
						t.Fatalf("汇总: %v, want %s", got, c.region)
					}
					for _, sheet := range []string{"汇总", "按部门", "按地区"} {
						x.sheet = sheet
						rows, err := x.f.GetRows(sheet)
						if err != nil {
							t.Fatal(err)
						}
						x.framed(len(rows) - 1)
					}
					x.sheet = "汇总"
					if f := x.numFmt(x.cell(2, "网办率")); f != "0.0%" {
						t.Errorf("网办率 formatted %q, want 0.0%%", f)
					}
				})
			}
		})

		t.Run("licences", func(t *testing.T) {
			for _, c := range []struct {
				user         string
				want, absent []string // holders
			}{
				{"qz.supervisor", []string{demo.QZCompany.Name, demo.QZShop.Name, demo.QZResident.Name}, []string{demo.HZCompany.Name}},
				{"kc.supervisor", []string{demo.QZCompany.Name, demo.QZResident.Name}, []string{demo.HZCompany.Name}},
				{"qz.reviewer", []string{demo.QZCompany.Name, demo.QZShop.Name}, []string{demo.HZCompany.Name, demo.QZResident.Name}}, // the market regulator's only
			} {
				t.Run(c.user, func(t *testing.T) {
					x := export(t, e, "/licences.xlsx", c.user, "电子证照")
					holders := x.column("持证主体")
					for _, h := range c.want {
						if !slices.Contains(holders, h) {
							t.Errorf("%s missing from %v", h, holders)
						}
					}
					for _, h := range c.absent {
						if slices.Contains(holders, h) {
							t.Errorf("%s is outside %s's scope", h, c.user)
						}
					}
					x.framed(len(holders))
					seen := map[string]bool{}
					for i, holder := range holders {
						row := i + 2
						switch status := x.value(row, "状态"); {
						case holder == demo.QZCompany.Name && status == "有效": // its business licence, issued 2023-04-10, long-term
							seen["valid"] = true
							x.date(row, "发证日期", time.Date(2023, 4, 10, 0, 0, 0, 0, onetrip.China), "yyyy-mm-dd", "2006-01-02")
							if v := x.value(row, "有效期至"); v != "长期" {
								t.Errorf("a long-term licence is valid until %q", v)
							}
							x.blank(row, "注销日期")
							x.blank(row, "注销原因")
							x.blank(row, "办件编号")
						case status == "已过期": // the shop's food licence, five years from 2020-06-01
							seen["expired"] = true
							x.date(row, "有效期至", time.Time{}, "yyyy-mm-dd", "2006-01-02")
						case status == "已撤销": // the resident's driving licence, revoked when the demo was loaded
							seen["revoked"] = true
							x.date(row, "注销日期", time.Time{}, "yyyy-mm-dd", "2006-01-02")
							if x.value(row, "注销原因") == "" {
								t.Error("the revocation's reason is missing")
							}
						}
					}
					want := map[string]bool{"valid": true, "expired": true, "revoked": c.user != "qz.reviewer"}
					for k, v := range want {
						if seen[k] != v {
							t.Errorf("a %s licence listed: %v, want %v", k, seen[k], v)
						}
					}
				})
			}
		})
	})
}

// newUser adds a user to the node's database.
func newUser(t *testing.T, e *apptest.Env, nu sqlstore.NewUser) {
	t.Helper()
	nu.Password = e.Password
	if _, err := e.Store.CreateUser(context.Background(), nu); err != nil {
		t.Fatal(err)
	}
}

// windowCase is a window application for 个体工商户设立登记 in region: every
// material received (accepted), or the first one missing (a correction
// notice: not accepted, no due date).
func windowCase(t *testing.T, e *apptest.Env, clerk, region string, complete bool) casework.Case {
	t.Helper()
	var item struct{ Materials []struct{ ID string } }
	e.Do("GET", "/api/v1/items/330-SCJG-004", "", nil).JSON(t, &item)
	var marks []map[string]string
	for i, m := range item.Materials {
		status := "received"
		if i == 0 && !complete {
			status = "missing"
		}
		marks = append(marks, map[string]string{"spec": m.ID, "status": status})
	}
	id := idcode.MakeCitizenID(region, time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC), 100+len(marks))
	r := e.Do("POST", "/api/v1/cases", clerk, map[string]any{"item": "330-SCJG-004", "region": region, "channel": "window", "delivery": "window",
		"applicant": map[string]any{"type": "person", "name": "赵卫东", "id_number": id}, "materials": marks})
	var c casework.Case
	r.JSON(t, &c)
	if r.Status != http.StatusCreated || (c.AcceptedAt != nil) != complete || (c.DueDate != "") != complete {
		t.Fatalf("case in %s (complete %v): %d %s", region, complete, r.Status, r.Body)
	}
	return c
}

// fetch sends a request with an Authorization header, following no redirect.
func fetch(t *testing.T, e *apptest.Env, method, path, authz string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, e.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, body
}

// sheet is one sheet of a downloaded workbook, read by header names.
type sheet struct {
	t       *testing.T
	f       *excelize.File
	sheet   string
	headers []string
}

// export downloads a workbook with user's bearer token and opens a sheet.
func export(t *testing.T, e *apptest.Env, path, user, name string) *sheet {
	t.Helper()
	st, h, body := fetch(t, e, "GET", path, "Bearer "+e.Token(user))
	if st != http.StatusOK || !strings.Contains(h.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("%s as %s: %d %s %.200s", path, user, st, h.Get("Content-Type"), body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	rows, err := f.GetRows(name)
	if err != nil || len(rows) == 0 {
		t.Fatalf("sheet %s: %v", name, err)
	}
	return &sheet{t: t, f: f, sheet: name, headers: rows[0]}
}

// cell is the reference of a row's cell in the column with the header.
func (x *sheet) cell(row int, header string) string {
	x.t.Helper()
	i := slices.Index(x.headers, header)
	if i < 0 {
		x.t.Fatalf("no column %s in %v", header, x.headers)
	}
	ref, err := excelize.CoordinatesToCellName(i+1, row)
	if err != nil {
		x.t.Fatal(err)
	}
	return ref
}

func (x *sheet) value(row int, header string) string {
	x.t.Helper()
	v, err := x.f.GetCellValue(x.sheet, x.cell(row, header))
	if err != nil {
		x.t.Fatal(err)
	}
	return v
}

// column is the values below a header, one per data row.
func (x *sheet) column(header string) []string {
	x.t.Helper()
	rows, err := x.f.GetRows(x.sheet)
	if err != nil {
		x.t.Fatal(err)
	}
	out := []string{}
	for row := 2; row <= len(rows); row++ {
		out = append(out, x.value(row, header))
	}
	return out
}

// numFmt is the number format of a cell's style ("" for none).
func (x *sheet) numFmt(ref string) string {
	x.t.Helper()
	id, err := x.f.GetCellStyle(x.sheet, ref)
	if err != nil {
		x.t.Fatal(err)
	}
	s, err := x.f.GetStyle(id)
	if err != nil {
		x.t.Fatal(err)
	}
	if s.CustomNumFmt != nil {
		return *s.CustomNumFmt
	}
	return ""
}

// date asserts a real date cell: a number (no string type) with the date
// format, whose value is want (the zero time: any day).
func (x *sheet) date(row int, header string, want time.Time, numFmt, layout string) {
	x.t.Helper()
	ref := x.cell(row, header)
	raw, _ := x.f.GetCellValue(x.sheet, ref, excelize.Options{RawCellValue: true})
	typ, _ := x.f.GetCellType(x.sheet, ref)
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil || (typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber) {
		x.t.Fatalf("%s %s: raw %q of type %v, want a number", header, ref, raw, typ)
	}
	if f := x.numFmt(ref); f != numFmt {
		x.t.Fatalf("%s %s: number format %q, want %q", header, ref, f, numFmt)
	}
	at, err := excelize.ExcelDateToTime(serial, false)
	if err != nil {
		x.t.Fatal(err)
	}
	got := at.Round(time.Second).Format(layout)
	if shown := x.value(row, header); shown != got {
		x.t.Fatalf("%s %s shows %q, its value is %s", header, ref, shown, got)
	}
	if !want.IsZero() && got != want.Format(layout) {
		x.t.Fatalf("%s %s = %s, want %s", header, ref, got, want.Format(layout))
	}
}

// blank asserts a truly empty cell: no value and no type.
func (x *sheet) blank(row int, header string) {
	x.t.Helper()
	ref := x.cell(row, header)
	v, _ := x.f.GetCellValue(x.sheet, ref)
	raw, _ := x.f.GetCellValue(x.sheet, ref, excelize.Options{RawCellValue: true})
	typ, _ := x.f.GetCellType(x.sheet, ref)
	if v != "" || raw != "" || typ != excelize.CellTypeUnset {
		x.t.Fatalf("%s %s: %q (raw %q, type %v), want an empty cell", header, ref, v, raw, typ)
	}
}

// framed asserts the frozen header row and the autofilter over the header
// and rows data rows.
func (x *sheet) framed(rows int) {
	x.t.Helper()
	p, err := x.f.GetPanes(x.sheet)
	if err != nil || !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
		x.t.Fatalf("%s: panes %+v %v, want the header row frozen", x.sheet, p, err)
	}
	last, _ := excelize.ColumnNumberToName(len(x.headers))
	want := "'" + x.sheet + "'!$A$1:$" + last + "$" + strconv.Itoa(rows+1)
	for _, d := range x.f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" && d.Scope == x.sheet {
			if d.RefersTo != want {
				x.t.Fatalf("%s: autofilter over %s, want %s", x.sheet, d.RefersTo, want)
			}
			return
		}
	}
	x.t.Fatalf("%s: no autofilter", x.sheet)
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
