package policy

import (
	"fmt"
	"testing"

	"onetrip"
)

// The accounts of the user admin table.
var (
	usrProvince  = onetrip.Principal{UserID: "u-zj", Username: "zj.admin", Role: onetrip.RoleAdmin, Region: "330000"}
	usrCity      = onetrip.Principal{UserID: "u-qz", Username: "qz.admin", Role: onetrip.RoleAdmin, Region: "330800"}
	usrCityPeer  = onetrip.Principal{UserID: "u-qz2", Username: "qz.admin2", Role: onetrip.RoleAdmin, Region: "330800"}
	usrCounty    = onetrip.Principal{UserID: "u-kc", Username: "kc.admin", Role: onetrip.RoleAdmin, Region: "330802"}
	usrDataAdmin = onetrip.Principal{UserID: "u-pol", Username: "zj.police.admin", Role: onetrip.RoleAdmin, Region: "330000", Department: "330000-public-security"}
	usrClerk     = onetrip.Principal{UserID: "u-clerk", Username: "qz.clerk", Role: onetrip.RoleClerk, Region: "330802", Center: "330802-center"}
	usrReviewer  = onetrip.Principal{UserID: "u-rv", Username: "qz.reviewer", Role: onetrip.RoleReviewer, Region: "330802", Department: "330802-market"}
	usrAgent     = onetrip.Principal{UserID: "u-ag", Username: "qz.agent", Role: onetrip.RoleAgent, Region: "330802005"}
	usrHZ        = onetrip.Principal{UserID: "u-hz", Username: "hz.reviewer", Role: onetrip.RoleReviewer, Region: "330102", Department: "330102-market"}
	usrCitizen   = onetrip.Principal{UserID: "u-app", Username: "qz.applicant", Role: onetrip.RoleApplicant, IDNumber: "330802198605141236"}
	usrNoScope   = onetrip.Principal{UserID: "u-x", Username: "x.admin", Role: onetrip.RoleAdmin}
)

// TestManageUser is the table of admin × account × action → allow,
// forbidden or not found.
func TestManageUser(t *testing.T) {
	const allow, deny, hidden = "allow", "forbidden", "not_found"
	all := func(s string) map[UserAction]string {
		m := map[UserAction]string{}
		for _, a := range UserActions {
			m[a] = s
		}
		return m
	}
	citizen := map[UserAction]string{UserRead: allow, UserDisable: allow, UserScope: deny, UserPassword: deny, UserRevoke: deny}
	self := map[UserAction]string{UserRead: allow, UserDisable: deny, UserScope: deny, UserPassword: allow, UserRevoke: allow}
	tests := []struct {
		who, whom *onetrip.Principal
		want      map[UserAction]string
	}{
		{&usrProvince, &usrReviewer, all(allow)},
		{&usrProvince, &usrHZ, all(allow)},
		{&usrProvince, &usrCity, all(allow)},      // a city's admin is inside the province
		{&usrProvince, &usrDataAdmin, all(allow)}, // the province's data admins are the province's
		{&usrProvince, &usrCitizen, citizen},      // citizens' accounts are the province's …
		{&usrCity, &usrCitizen, all(hidden)},      // … not a city's
		{&usrCity, &usrReviewer, all(allow)},      // a county's account
		{&usrCity, &usrAgent, all(allow)},         // a township's
		{&usrCity, &usrCityPeer, all(allow)},      // a peer of the same level
		{&usrCity, &usrProvince, all(hidden)},     // above
		{&usrCity, &usrHZ, all(hidden)},           // beside
		{&usrCity, &usrDataAdmin, all(hidden)},    // the province's
		{&usrCounty, &usrCity, all(hidden)},       // above
		{&usrCounty, &usrClerk, all(allow)},       // its own county
		{&usrCity, &usrCity, self},                // themself
		{&usrProvince, &usrProvince, self},        // themself
		{&usrDataAdmin, &usrReviewer, all(deny)},  // a data admin manages no one
		{&usrDataAdmin, &usrDataAdmin, all(deny)}, // not even themself here
		{&usrClerk, &usrClerk, all(deny)},         // not an admin
		{&usrNoScope, &usrReviewer, all(deny)},    // an admin without a region has no scope
		{nil, &usrReviewer, all(deny)},
	}
	for _, tc := range tests {
		who := "nobody"
		if tc.who != nil {
			who = tc.who.Username
		}
		for a, want := range tc.want {
			t.Run(fmt.Sprintf("%s/%s/%s", who, tc.whom.Username, a), func(t *testing.T) {
				got := allow
				if err := ManageUser(tc.who, tc.whom, a); err != nil {
					got = string(onetrip.AsError(err).Code)
				}
				if got != want {
					t.Errorf("got %s, want %s", got, want)
				}
			})
		}
	}
}

// TestGrantUser: the role and scope an admin may give, a new account's or
// a changed one's.
func TestGrantUser(t *testing.T) {
	tests := []struct {
		who  *onetrip.Principal
		to   onetrip.Principal
		want string // "" allowed, else the error code
	}{
		{&usrCity, onetrip.Principal{Role: onetrip.RoleReviewer, Region: "330802", Department: "330802-market"}, ""},
		{&usrCity, onetrip.Principal{Role: onetrip.RoleAdmin, Region: "330800"}, ""},          // its own level
		{&usrCity, onetrip.Principal{Role: onetrip.RoleAdmin, Region: "330802"}, ""},          // below
		{&usrCity, onetrip.Principal{Role: onetrip.RoleAgent, Region: "330802005"}, ""},       // a township
		{&usrCity, onetrip.Principal{Role: onetrip.RoleAdmin, Region: "330000"}, "forbidden"}, // above
		{&usrCity, onetrip.Principal{Role: onetrip.RoleClerk, Region: "330102"}, "forbidden"}, // beside
		{&usrCity, onetrip.Principal{Role: onetrip.RoleApplicant}, "forbidden"},               // citizens register
		{&usrCity, onetrip.Principal{Role: onetrip.RoleClerk}, ""},                            // no region: validation says so
		{&usrCity, onetrip.Principal{Role: onetrip.RoleClerk, Region: "33x"}, ""},             // no code: validation says so
		{&usrProvince, onetrip.Principal{Role: onetrip.RoleAdmin, Region: "330000", Department: "330000-public-security"}, ""},
		{&usrProvince, onetrip.Principal{Role: onetrip.RoleAdmin, Region: "110000"}, "forbidden"},
		{&usrCounty, onetrip.Principal{Role: onetrip.RoleSupervisor, Region: "330800"}, "forbidden"},
		{&usrDataAdmin, onetrip.Principal{Role: onetrip.RoleReviewer, Region: "330000"}, "forbidden"},
		{&usrClerk, onetrip.Principal{Role: onetrip.RoleClerk, Region: "330802"}, "forbidden"},
		{nil, onetrip.Principal{Role: onetrip.RoleClerk, Region: "330802"}, "forbidden"},
	}
	for i, tc := range tests {
		got := ""
		if err := GrantUser(tc.who, &tc.to); err != nil {
			got = string(onetrip.AsError(err).Code)
		}
		if got != tc.want {
			t.Errorf("%d: %+v: got %q, want %q", i, tc.to, got, tc.want)
		}
	}
}

// TestUserListScope: a region's admin lists its region and below; only the
// province's also the citizens' accounts; anyone else lists nothing.
func TestUserListScope(t *testing.T) {
	tests := []struct {
		who      *onetrip.Principal
		prefix   string
		unscoped bool
		err      bool
	}{
		{&usrProvince, "33", true, false},
		{&usrCity, "3308", false, false},
		{&usrCounty, "330802", false, false},
		{&usrDataAdmin, "", false, true},
		{&usrClerk, "", false, true},
		{&usrNoScope, "", false, true},
		{nil, "", false, true},
	}
	for i, tc := range tests {
		prefix, unscoped, err := UserListScope(tc.who)
		if prefix != tc.prefix || unscoped != tc.unscoped || (err != nil) != tc.err {
			t.Errorf("%d: got %q %v %v", i, prefix, unscoped, err)
		}
		if err != nil && !onetrip.HasCode(err, onetrip.CodeForbidden) {
			t.Errorf("%d: %v, want forbidden", i, err)
		}
	}
}
