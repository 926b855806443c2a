// Package demo loads the demonstration data set: one user of every role in
// 衢州 (the seed's model city) and 杭州, with a demo password printed at
// start-up. Demo mode is not for production and says so.
package demo

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"math/big"
	"time"

	"onetrip"
	"onetrip/idcode"
	"onetrip/sqlstore"
)

// User is a demo account as printed at start-up.
type User struct {
	Username string
	Name     string
	Role     onetrip.Role
	Scope    string
}

// Result says what was loaded.
type Result struct {
	Loaded   bool   // false when the database already had the demo set
	Password string // the demo password of every demo account (random per database)
	Users    []User
}

// archivistKinds are the departments with a demo archivist.
var archivistKinds = []struct{ kind, short, name string }{
	{"housing-construction", "housing", "住建"},
	{"taxation", "tax", "税务"},
	{"natural-resources", "land", "自然资源"},
	{"market", "market", "市场监管"},
}

// reviewerKinds are the departments with a demo reviewer of their own.
var reviewerKinds = []struct{ kind, short, name string }{
	{"housing-construction", "housing", "住建"},
	{"taxation", "tax", "税务"},
	{"natural-resources", "land", "自然资源"},
	{"fire-rescue", "fire", "消防"},
	{"public-security", "police", "公安"},
	{"urban-management", "city", "综合执法"},
	// The participants of 联合验收 besides natural resources and fire.
	{"civil-air-defence", "airdef", "人防"},
	{"archives", "archives", "城建档案"},
}

// Users of the demo set, by city. Reviewers and department systems belong to
// the county market regulator, clerks to the county's 行政服务中心.
func users() []sqlstore.NewUser {
	type city struct {
		prefix, name, city, county, countyName, township string
		birth                                            time.Time
		person                                           string
	}
	out := []sqlstore.NewUser{{Username: "zj.admin", Name: "浙江省事项目录管理员", Role: onetrip.RoleAdmin, Region: "330000"}}
	for _, c := range []city{
		{"qz", "衢州", "330800", "330802", "柯城区", "330802005", time.Date(1986, 5, 14, 0, 0, 0, 0, time.UTC), "王建国"},
		{"hz", "杭州", "330100", "330102", "上城区", "330102001", time.Date(1990, 11, 2, 0, 0, 0, 0, time.UTC), "李晓梅"},
	} {
		out = append(out,
			sqlstore.NewUser{Username: c.prefix + ".admin", Name: c.name + "市管理员", Role: onetrip.RoleAdmin, Region: c.city},
			sqlstore.NewUser{Username: c.prefix + ".supervisor", Name: c.name + "市电子监察员", Role: onetrip.RoleSupervisor, Region: c.city},
			sqlstore.NewUser{Username: c.prefix + ".clerk", Name: c.countyName + "综合窗口", Role: onetrip.RoleClerk, Region: c.county, Center: c.county + "-center"},
			sqlstore.NewUser{Username: c.prefix + ".reviewer", Name: c.countyName + "市场监管审批员", Role: onetrip.RoleReviewer, Region: c.county, Department: c.county + "-market"},
			sqlstore.NewUser{Username: c.prefix + ".system", Name: c.countyName + "市场监管业务系统", Role: onetrip.RoleSystem, Region: c.county, Department: c.county + "-market"},
			sqlstore.NewUser{Username: c.prefix + ".agent", Name: c.countyName + "村代办员", Role: onetrip.RoleAgent, Region: c.township, Center: c.township + "-agent_point1",
				IDNumber: idcode.MakeCitizenID(c.county, c.birth.AddDate(-12, 3, 0), 457)},
			sqlstore.NewUser{Username: c.prefix + ".applicant", Name: c.person, Role: onetrip.RoleApplicant,
				IDNumber: idcode.MakeCitizenID(c.county, c.birth, 123)},
		)
		// Reviewers of the departments that the seed's two scenarios
		// (二手房买卖, 开办餐饮店) run through, one per department.
		for _, k := range reviewerKinds {
			out = append(out, sqlstore.NewUser{Username: c.prefix + ".reviewer." + k.short, Name: c.countyName + k.name + "审批员",
				Role: onetrip.RoleReviewer, Region: c.county, Department: c.county + "-" + k.kind})
		}
		// Archivists (档案员) of the departments of 二手房买卖, each keeping its
		// own packages, and of the market regulator.
		for _, k := range archivistKinds {
			out = append(out, sqlstore.NewUser{Username: c.prefix + ".archivist." + k.short, Name: c.countyName + k.name + "档案员",
				Role: onetrip.RoleArchivist, Region: c.county, Department: c.county + "-" + k.kind})
		}
	}
	return out
}

// Load creates the demo set in a database that does not have it yet.
func Load(ctx context.Context, s *sqlstore.Store) (Result, error) {
	mine, err := s.ClaimMeta(ctx, "demo", sqlstore.TS(s.Now()))
	if err != nil || !mine { // loaded before, or by another node starting now
		return Result{}, err
	}
	res := Result{Loaded: true, Password: demoPassword()}
	if err := LoadCatalog(ctx, s, "demo"); err != nil {
		return Result{}, fmt.Errorf("demo catalogue: %w", err)
	}
	for _, nu := range append(users(), sharingUsers()...) {
		nu.Password = res.Password
		u, err := s.CreateUser(ctx, nu)
		if err != nil {
			return Result{}, fmt.Errorf("demo user %s: %w", nu.Username, err)
		}
		scope := u.Region
		if u.Department != "" {
			scope += " " + u.Department
		}
		if u.Center != "" {
			scope += " " + u.Center
		}
		res.Users = append(res.Users, User{Username: u.Username, Name: u.Name, Role: u.Role, Scope: scope})
	}
	if err := LoadParties(ctx, s); err != nil {
		return Result{}, err
	}
	if err := LoadGrants(ctx, s); err != nil {
		return Result{}, err
	}
	return res, nil
}

// demoPassword is 16 characters from an alphabet without look-alikes,
// drawn once per database: it does not expire (it is the demo's, 演示密码).
func demoPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err)
		}
		b[i] = alphabet[n.Int64()]
	}
	return string(b)
}

// Print writes the demo accounts and the warning that demo mode is not for
// production.
func Print(w io.Writer, r Result, addr string) {
	line := "================================================================================"
	fmt.Fprintln(w, line)
	fmt.Fprintln(w, "  DEMO MODE — 演示模式：NOT FOR PRODUCTION，切勿用于生产环境")
	if !r.Loaded {
		fmt.Fprintln(w, "  The demo data set was loaded before; its password was printed then.")
		fmt.Fprintln(w, "  演示数据此前已加载，演示密码已在当时显示。")
		fmt.Fprintln(w, line)
		return
	}
	fmt.Fprintf(w, "  Open http://%s/login — the demo password (演示密码) of every demo account: %s\n", addr, r.Password)
	fmt.Fprintf(w, "  %-20s %-12s %-24s %s\n", "username", "role", "name", "scope")
	for _, u := range r.Users {
		fmt.Fprintf(w, "  %-20s %-12s %-24s %s\n", u.Username, u.Role, u.Name, u.Scope)
	}
	fmt.Fprintln(w, "  Sample parties (演示办事人), to type at the window or apply as:")
	for _, s := range Samples() {
		fmt.Fprintf(w, "  %-22s %-20s %s\n", s.Name, s.IDNumber, s.Holds)
	}
	fmt.Fprintln(w, line)
}
