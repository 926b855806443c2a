package supervision

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"onetrip"
	"onetrip/catalog"
	"onetrip/intake"
	"onetrip/workday"
)

func at(s string) *time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, onetrip.China)
	if err != nil {
		panic(err)
	}
	return &t
}

func TestDaysUsed(t *testing.T) {
	cal := workday.Default()
	// 2026-11-02 is a Monday; five working days after it end on 11-09.
	for _, tc := range []struct {
		name         string
		promised     int
		decided, due string
		used         int
		onTime       bool
	}{
		{"on the due day", 5, "2026-11-09", "2026-11-09", 5, true},
		{"two working days early", 5, "2026-11-05", "2026-11-09", 3, true},
		{"weekend between is not counted", 5, "2026-11-06", "2026-11-09", 4, true},
		{"one working day late", 5, "2026-11-10", "2026-11-09", 6, false},
		{"late across a weekend", 5, "2026-11-16", "2026-11-09", 10, false},
		{"即办 decided on its day", 0, "2026-11-02", "2026-11-02", 0, true},
		{"decided before acceptance's limit starts", 3, "2026-11-02", "2026-11-05", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			used, onTime := DaysUsed(cal, tc.promised, workday.MustParse(tc.decided), workday.MustParse(tc.due))
			if used != tc.used || onTime != tc.onTime {
				t.Errorf("DaysUsed = %d, %v; want %d, %v", used, onTime, tc.used, tc.onTime)
			}
		})
	}
}

func TestContributions(t *testing.T) {
	cal := workday.Default()
	base := Facts{Region: "330802", Subject: "330-ZJJS-001", Channel: intake.ChannelWindow, Status: intake.StatusClosed,
		CreatedAt: *at("2026-11-02 09:00"), AcceptedAt: at("2026-11-02 09:30"), DecidedAt: at("2026-11-05 16:00"), ClosedAt: at("2026-11-06 10:00"),
		DueDate: "2026-11-09", PromisedDays: 5, TripsTotal: 1, TripsCounted: 1, MaxVisits: 1, Materials: 4, Exempt: 1}
	for _, tc := range []struct {
		name string
		edit func(*Facts)
		want map[string]Counts
	}{
		{"closed on time within one trip", func(*Facts) {}, map[string]Counts{
			"2026-11-02": {Submitted: 1, Materials: 4, Exempt: 1, Accepted: 1},
			"2026-11-05": {Decided: 1, OnTime: 1, DaysUsed: 3, DaysPromised: 5},
			"2026-11-06": {Closed: 1, WithinVisits: 1},
		}},
		{"online, no trip, same day for everything", func(f *Facts) {
			f.Channel, f.TripsTotal, f.TripsCounted, f.MaxVisits = intake.ChannelOnline, 0, 0, 0
			f.DecidedAt, f.ClosedAt = at("2026-11-02 11:00"), at("2026-11-02 12:00")
		}, map[string]Counts{
			"2026-11-02": {Submitted: 1, Online: 1, Materials: 4, Exempt: 1, Accepted: 1, Decided: 1, OnTime: 1, DaysPromised: 5, Closed: 1, WithinVisits: 1, ZeroTrip: 1},
		}},
		{"a counted trip above max visits breaks the promise", func(f *Facts) { f.TripsTotal, f.TripsCounted = 3, 2 }, map[string]Counts{
			"2026-11-02": {Submitted: 1, Materials: 4, Exempt: 1, Accepted: 1},
			"2026-11-05": {Decided: 1, OnTime: 1, DaysUsed: 3, DaysPromised: 5},
			"2026-11-06": {Closed: 1},
		}},
		{"uncounted voluntary trips keep it", func(f *Facts) { f.TripsTotal, f.TripsCounted = 3, 1 }, map[string]Counts{
			"2026-11-02": {Submitted: 1, Materials: 4, Exempt: 1, Accepted: 1},
			"2026-11-05": {Decided: 1, OnTime: 1, DaysUsed: 3, DaysPromised: 5},
			"2026-11-06": {Closed: 1, WithinVisits: 1},
		}},
		{"decided late, still open", func(f *Facts) {
			f.Status, f.ClosedAt, f.DecidedAt = intake.StatusApproved, nil, at("2026-11-11 09:00")
		}, map[string]Counts{
			"2026-11-02": {Submitted: 1, Materials: 4, Exempt: 1, Accepted: 1},
			"2026-11-11": {Decided: 1, DaysUsed: 7, DaysPromised: 5},
		}},
		{"corrected with a second-notice breach, not accepted yet", func(f *Facts) {
			f.Status, f.AcceptedAt, f.DecidedAt, f.ClosedAt, f.Notices, f.SecondNotice = intake.StatusNeedsCorrection, nil, nil, nil, 2, true
		}, map[string]Counts{
			"2026-11-02": {Submitted: 1, Corrected: 1, SecondNotices: 1, Materials: 4, Exempt: 1},
		}},
		{"submitted late evening counts on the China day", func(f *Facts) {
			f.CreatedAt = time.Date(2026, 11, 1, 17, 0, 0, 0, time.UTC) // 01:00 on 11-02 in China
			f.AcceptedAt, f.DecidedAt, f.ClosedAt = nil, nil, nil
		}, map[string]Counts{"2026-11-02": {Submitted: 1, Materials: 4, Exempt: 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := base
			tc.edit(&f)
			got := map[string]Counts{}
			for _, d := range Contributions(f, cal) {
				if _, dup := got[d.Day.String()]; dup {
					t.Errorf("day %s twice", d.Day)
				}
				got[d.Day.String()] = d.Counts
			}
			if len(got) != len(tc.want) {
				t.Fatalf("days %v, want %v", got, tc.want)
			}
			for d, c := range tc.want {
				if got[d] != c {
					t.Errorf("%s: %+v, want %+v", d, got[d], c)
				}
			}
		})
	}
}

func TestMeasuresOf(t *testing.T) {
	c := Counts{Submitted: 200, Online: 50, Corrected: 20, SecondNotices: 1, Materials: 800, Exempt: 200, Accepted: 180,
		Decided: 160, OnTime: 152, DaysUsed: 480, DaysPromised: 1120, Closed: 150, WithinVisits: 147, ZeroTrip: 30, Ratings: 40, Satisfied: 38, Bad: 2}
	m := MeasuresOf(c, RectCounts{Opened: 2, Answered: 2, OnTime: 1})
	for _, tc := range []struct {
		name string
		got  Rate
		want float64
	}{
		{"on time", m.OnTimeRate, 95}, {"mean used", m.MeanDaysUsed, 3}, {"mean promised", m.MeanDaysPromised, 7},
		{"realisation", m.RealisationRate, 98}, {"zero trip", m.ZeroTripRate, 20}, {"breaches", m.BreachesPer100, 0.5},
		{"corrections", m.CorrectionsPer100, 10}, {"online", m.OnlineShare, 25}, {"exempt", m.ExemptShare, 25},
		{"satisfaction", m.SatisfactionRate, 95}, {"rect on time", m.RectOnTimeRate, 50},
	} {
		if float64(tc.got) != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	empty := MeasuresOf(Counts{}, RectCounts{})
	if empty.OnTimeRate.Known() || empty.SatisfactionRate.Known() {
		t.Error("a rate without cases must be unknown, not 0")
	}
	b, err := json.Marshal(empty)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil || back["on_time_rate"] != nil {
		t.Errorf("unknown rate in JSON: %s (%v)", b, err)
	}
	var r Rate
	if err := json.Unmarshal([]byte("null"), &r); err != nil || r.Known() {
		t.Errorf("null reads as %v, %v", r, err)
	}
	if x := Pct(1, 3); x != 33.3 {
		t.Errorf("Pct(1,3) = %v", x)
	}
	if !math.IsNaN(float64(Pct(1, 0))) {
		t.Error("Pct(1,0) must be NaN")
	}
}

func TestCheckRating(t *testing.T) {
	good := NewRating{Target: TargetCase, Level: Satisfied}
	bad := NewRating{Target: TargetCase, Level: Dissatisfied, Comment: "等了很久"}
	badPrior := []Rating{{Level: VeryDissatisfied}}
	for _, tc := range []struct {
		name     string
		st       intake.Status
		n        NewRating
		prior    []Rating
		rect     *Rectification
		code     onetrip.Code
		followUp bool
	}{
		{"first rating of a closed case", intake.StatusClosed, good, nil, nil, "", false},
		{"archived is closed too", intake.StatusArchived, bad, nil, nil, "", false},
		{"open case", intake.StatusInReview, good, nil, nil, onetrip.CodeConflict, false},
		{"approved but not delivered", intake.StatusApproved, good, nil, nil, onetrip.CodeConflict, false},
		{"second rating", intake.StatusClosed, good, []Rating{{Level: Satisfied}}, nil, onetrip.CodeConflict, false},
		{"follow-up before the answer", intake.StatusClosed, good, badPrior, &Rectification{State: RectContacted}, onetrip.CodeConflict, false},
		{"follow-up after the answer", intake.StatusClosed, good, badPrior, &Rectification{State: RectAnswered}, "", true},
		{"a third rating", intake.StatusClosed, good, []Rating{{Level: VeryDissatisfied}, {Level: Satisfied, FollowUp: true}}, &Rectification{State: RectAnswered}, onetrip.CodeConflict, false},
		{"bad without a reason", intake.StatusClosed, NewRating{Target: TargetCase, Level: Dissatisfied}, nil, nil, onetrip.CodeInvalid, false},
		{"unknown level", intake.StatusClosed, NewRating{Target: TargetCase, Level: "great"}, nil, nil, onetrip.CodeInvalid, false},
		{"unknown target", intake.StatusClosed, NewRating{Target: "clerk", Level: Satisfied}, nil, nil, onetrip.CodeInvalid, false},
		{"unknown channel", intake.StatusClosed, NewRating{Target: TargetCase, Level: Satisfied, Channel: "sms"}, nil, nil, onetrip.CodeInvalid, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := CheckRating(tc.st, tc.n, tc.prior, tc.rect)
			if tc.code == "" && err != nil || tc.code != "" && !onetrip.HasCode(err, tc.code) {
				t.Fatalf("err = %v, want code %q", err, tc.code)
			}
			if f != tc.followUp {
				t.Errorf("followUp = %v", f)
			}
		})
	}
}

func TestRectification(t *testing.T) {
	cal := workday.Default()
	// Rated on Friday 2026-11-06: contact due Monday 11-09, answer due 15
	// working days on, 11-27.
	r := Rating{ID: "r1", CaseID: "c1", Level: Dissatisfied, Comment: "态度差", At: *at("2026-11-06 15:00")}
	if _, ok := OpenRectification(Rating{Level: Satisfied}, cal, DefaultLimits, "x"); ok {
		t.Fatal("a good rating opens no rectification")
	}
	x, ok := OpenRectification(r, cal, DefaultLimits, "x1")
	if !ok || x.ContactDue != "2026-11-09" || x.AnswerDue != "2026-11-27" || x.State != RectOpen {
		t.Fatalf("opened %+v", x)
	}
	d := workday.MustParse
	for _, tc := range []struct {
		today string
		want  RectStatus
	}{{"2026-11-06", RectOnTime}, {"2026-11-09", RectOnTime}, {"2026-11-10", RectContactOverdue}, {"2026-11-30", RectOverdue}} {
		if got := RectStatusAt(x, d(tc.today)); got != tc.want {
			t.Errorf("open on %s: %s, want %s", tc.today, got, tc.want)
		}
	}
	if _, err := x.Contact(" ", *at("2026-11-09 10:00")); !onetrip.HasCode(err, onetrip.CodeInvalid) {
		t.Errorf("empty contact note: %v", err)
	}
	c, err := x.Contact("电话联系申请人，已致歉", *at("2026-11-09 10:00"))
	if err != nil || c.State != RectContacted || c.Version != 2 {
		t.Fatalf("contact: %+v %v", c, err)
	}
	if _, err := c.Contact("again", *at("2026-11-09 11:00")); !onetrip.HasCode(err, onetrip.CodeConflict) {
		t.Errorf("second contact: %v", err)
	}
	if got := RectStatusAt(c, d("2026-11-20")); got != RectOnTime {
		t.Errorf("contacted in time, running: %s", got)
	}
	done, err := c.Respond("已优化叫号流程", *at("2026-11-27 17:00"))
	if err != nil || RectStatusAt(done, d("2026-12-30")) != RectDoneOnTime {
		t.Fatalf("answered on the due day: %v %s", err, RectStatusAt(done, d("2026-12-30")))
	}
	if _, err := done.Respond("again", *at("2026-11-28 10:00")); !onetrip.HasCode(err, onetrip.CodeConflict) {
		t.Errorf("second answer: %v", err)
	}
	late, _ := x.Respond("迟到的答复", *at("2026-11-30 09:00"))
	if RectStatusAt(late, d("2026-12-30")) != RectDoneLate {
		t.Error("an answer after the due day is late")
	}
	if c := RectCountsOf(late, d("2026-12-30")); c != (RectCounts{Opened: 1, Answered: 1}) {
		t.Errorf("late counts %+v", c)
	}
	if c := RectCountsOf(x, d("2026-11-30")); c != (RectCounts{Opened: 1, Overdue: 1}) {
		t.Errorf("overdue counts %+v", c)
	}
}

func TestParsePeriod(t *testing.T) {
	today := workday.MustParse("2026-12-03")
	for _, tc := range []struct {
		from, to string
		want     string
		ok       bool
	}{
		{"", "", "2026-01-01..2026-12-03", true},
		{"2026-03-01", "2026-03-31", "2026-03-01..2026-03-31", true},
		{"", "2025-06-30", "2025-01-01..2025-06-30", true},
		{"2026-04-01", "2026-03-01", "", false},
		{"2026-13-01", "", "", false},
		{"", "2026-12-04", "", false},
		{"2020-01-01", "2026-12-01", "", false},
	} {
		p, err := ParsePeriod(tc.from, tc.to, today)
		if (err == nil) != tc.ok {
			t.Errorf("%q..%q: err %v", tc.from, tc.to, err)
			continue
		}
		if tc.ok && p.From.String()+".."+p.To.String() != tc.want {
			t.Errorf("%q..%q = %v", tc.from, tc.to, p)
		}
	}
}

func TestPeriodSplit(t *testing.T) {
	d := workday.MustParse
	for _, tc := range []struct {
		from, to string
		months   []string
		days     []string
	}{
		{"2026-01-01", "2026-03-31", []string{"2026-01", "2026-02", "2026-03"}, nil},
		{"2026-01-15", "2026-03-10", []string{"2026-02"}, []string{"2026-01-15..2026-01-31", "2026-03-01..2026-03-10"}},
		{"2026-03-05", "2026-03-20", nil, []string{"2026-03-05..2026-03-20"}},
		{"2025-12-31", "2026-01-31", []string{"2026-01"}, []string{"2025-12-31..2025-12-31"}},
		{"2026-02-01", "2026-02-28", []string{"2026-02"}, nil},
	} {
		months, days := Period{d(tc.from), d(tc.to)}.Split()
		var ds []string
		for _, p := range days {
			ds = append(ds, p.From.String()+".."+p.To.String())
		}
		if len(months) != len(tc.months) || len(ds) != len(tc.days) {
			t.Errorf("%s..%s: %v %v", tc.from, tc.to, months, ds)
			continue
		}
		for i := range months {
			if months[i] != tc.months[i] {
				t.Errorf("%s..%s: months %v", tc.from, tc.to, months)
			}
		}
		for i := range ds {
			if ds[i] != tc.days[i] {
				t.Errorf("%s..%s: days %v", tc.from, tc.to, ds)
			}
		}
	}
	if (Period{d("2026-01-01"), d("2026-03-02")}).Bucket() != "day" || (Period{d("2026-01-01"), d("2026-03-05")}).Bucket() != "month" {
		t.Error("Bucket")
	}
}

func TestAlertFor(t *testing.T) {
	for st, want := range map[workday.Status]AlertKind{workday.StatusNormal: "", workday.StatusSuspended: "", workday.StatusDueSoon: AlertDueSoon, workday.StatusOverdue: AlertOverdue} {
		k, ok := AlertFor(st)
		if k != want || ok != (want != "") {
			t.Errorf("%s: %q %v", st, k, ok)
		}
	}
}

func TestOnlineItems(t *testing.T) {
	if n := OnlineItems([]catalog.Online{catalog.OnlineFull, catalog.OnlineSubmit, catalog.OnlinePrecheck, catalog.OnlineNone, catalog.OnlineFull}); n != 3 {
		t.Errorf("OnlineItems = %d, want 3 (全程网办 and 网上申报 count, 预约预审 does not)", n)
	}
}
