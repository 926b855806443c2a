package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"onetrip"
	"onetrip/casework"
	"onetrip/idcode"
	"onetrip/intake"
	"onetrip/sqlstore"
	"onetrip/supervision"
	"onetrip/workday"
)

// A demo with a past (issue 12): some months of 居住证申领 in 柯城区 and
// 上城区 — closed on time and late, overdue and suspended, corrected once
// and breached by a second notice, rated well and badly, rectified or not —
// made by the same store commands the window, the reviewers and the
// applicants use, with the store's clock set back, so every event, clock
// and chain is real. A supervisor opening the dashboard on a fresh install
// sees figures, alerts and rectifications, not an empty page.

// HistoryResult says what LoadHistory made.
type HistoryResult struct {
	Cases, Ratings, Rectifications int
}

// historyItem is the item the history applies for: public security, 5
// working days in 衢州 and 杭州, delivered electronically, no fee.
const historyItem = "330-GAJG-004"

// LoadHistory makes perCounty cases in each demo county over the days
// working days before end, then reads the clocks (alerts) and folds the
// measures. It leaves the store's clock on end's real time.
func LoadHistory(ctx context.Context, s *sqlstore.Store, perCounty, days int, end time.Time) (HistoryResult, error) {
	var res HistoryResult
	defer s.SetClock(nil)
	// The past happened before anyone had an inbox: it texts no one.
	s.SetNotificationsOff(true)
	defer s.SetNotificationsOff(false)
	cal, err := s.Calendar(ctx)
	if err != nil {
		return res, err
	}
	guide, err := s.Item(ctx, historyItem, 0)
	if err != nil {
		return res, err
	}
	// What the window receives: the form, a photo, the rental contract; the
	// ID card too from people the licence library does not know (the
	// generated ones), whereas the demo's own applicants' cards are fetched
	// (免提交).
	var marks, withCard []intake.Mark
	for _, m := range guide.Item.Materials {
		mk := intake.Mark{Spec: m.ID, Status: intake.MarkReceived}
		switch {
		case m.Source == "applicant" || m.Name == "本人照片":
			marks, withCard = append(marks, mk), append(withCard, mk)
		case m.Name == "居民身份证":
			withCard = append(withCard, mk)
		}
	}
	rng := rand.New(rand.NewPCG(2026, 12))
	endDay := workday.DateOf(end)
	start := cal.AddWorkdays(endDay, -days)
	for _, county := range []struct {
		code, clerk, reviewer string
		own                   Party
	}{{"330802", "qz.clerk", "qz.reviewer.police", QZApplicant}, {"330102", "hz.clerk", "hz.reviewer.police", HZApplicant}} {
		clerk, err := s.UserByName(ctx, county.clerk)
		if err != nil {
			return res, err
		}
		reviewer, err := s.UserByName(ctx, county.reviewer)
		if err != nil {
			return res, err
		}
		for i := 0; i < perCounty; i++ {
			day := cal.AddWorkdays(start, days*i/perCounty)
			at := day.Time().Add(time.Duration(9*60+rng.IntN(7*60)) * time.Minute)
			if !at.Before(end) {
				continue
			}
			person := intake.Applicant{Type: intake.ApplicantPerson, Name: historyNames[rng.IntN(len(historyNames))] + historyGiven[rng.IntN(len(historyGiven))],
				IDNumber: idcode.MakeCitizenID(county.code, time.Date(1960+rng.IntN(40), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC), 100+i)}
			m := withCard
			if rng.IntN(100) < 25 {
				person, m = intake.Applicant{Type: intake.ApplicantPerson, Name: county.own.Name, IDNumber: county.own.IDNumber}, marks
			}
			made, err := historyCase(ctx, s, cal, rng, (i*61+17)%100, clerk.Principal(), reviewer.Principal(), person, m, county.code, at, end)
			if err != nil {
				return res, fmt.Errorf("history case %d of %s: %w", i, county.code, err)
			}
			res.Cases++
			res.Ratings += made.ratings
			res.Rectifications += made.rects
		}
	}
	s.SetClock(func() time.Time { return end })
	if _, err := s.WatchClocks(ctx); err != nil {
		return res, err
	}
	// The history was written with the clock going back and forth (a case
	// decided after the next one was taken in), so the projection's mark
	// may have passed writes it did not read: fold it all again.
	_, err = s.RebuildStats(ctx)
	return res, err
}

type historyMade struct{ ratings, rects int }

// historyCase takes one application from the window to its end as its
// fate says, at the times the fate gives, through the store's commands.
// fate (0–99, spread evenly over the cases) chooses the path.
func historyCase(ctx context.Context, s *sqlstore.Store, cal *workday.Calendar, rng *rand.Rand, fate int, clerk, reviewer *onetrip.Principal, person intake.Applicant,
	marks []intake.Mark, region string, at, end time.Time) (historyMade, error) {
	var made historyMade
	clock := func(t time.Time) bool {
		if !t.Before(end) {
			return false
		}
		s.SetClock(func() time.Time { return t })
		return true
	}
	clock(at)
	sub := casework.Submission{Item: historyItem, Region: region, Channel: intake.ChannelWindow, Applicant: person, Materials: marks,
		Delivery: "electronic", Form: json.RawMessage(`{}`)}
	if fate < 10 { // the form is missing: one notice, back the next working day
		sub.Materials = append([]intake.Mark{}, marks[1:]...)
	}
	c, err := s.SubmitCase(ctx, clerk, sub, nil)
	if err != nil {
		return made, err
	}
	if c.Status == intake.StatusNeedsCorrection {
		back := cal.AddWorkdays(workday.DateOf(at), 1).Time().Add(10 * time.Hour)
		if !clock(back) {
			return made, nil
		}
		rv := casework.Review{Materials: []intake.Mark{marks[0]}, InPerson: true, Version: c.Version}
		if fate < 2 { // …and the window names a material it had not named: a breach
			rv.Materials = append(rv.Materials, intake.Mark{Spec: marks[len(marks)-1].Spec, Status: intake.MarkDefective, Reason: "照片不符合制证要求"})
		}
		if c, err = s.ReviewCase(ctx, clerk, c.ID, rv, nil); err != nil {
			return made, err
		}
		if c.Status == intake.StatusNeedsCorrection {
			if !clock(cal.AddWorkdays(workday.DateOf(back), 1).Time().Add(10 * time.Hour)) {
				return made, nil
			}
			if c, err = s.ReviewCase(ctx, clerk, c.ID, casework.Review{Materials: marks[len(marks)-1:], InPerson: true, Version: c.Version}, nil); err != nil {
				return made, err
			}
		}
	}
	if c.Status != intake.StatusAccepted || c.AcceptedAt == nil {
		return made, nil
	}
	acc := workday.DateOf(*c.AcceptedAt)
	task := c.Tasks[0]
	// When the reviewer decides: mostly within the limit, some late.
	used := rng.IntN(c.PromisedDays + 1)
	if fate >= 85 && fate < 91 {
		used = c.PromisedDays + 1 + rng.IntN(3)
	}
	if fate >= 94 { // forgotten in the queue: overdue, and the watch raises it
		return made, nil
	}
	if fate >= 91 { // a hearing stops the clock for a few days
		if !clock(cal.AddWorkdays(acc, 1).Time().Add(11 * time.Hour)) {
			return made, nil
		}
		sp, err := s.Suspend(ctx, reviewer, c.ID, casework.SuspendRequest{Kind: workday.KindHearing, Reason: "申请人居住事实需听证核实", TaskID: task.ID})
		if err != nil {
			return made, err
		}
		if !clock(cal.AddWorkdays(acc, 4).Time().Add(15 * time.Hour)) {
			return made, nil
		}
		if _, err := s.Resume(ctx, reviewer, c.ID, sp.ID); err != nil {
			return made, err
		}
		used += 3
	}
	decided := cal.AddWorkdays(acc, used).Time().Add(time.Duration(14*60+rng.IntN(120)) * time.Minute)
	if !clock(decided) {
		return made, nil // still running at the end: some of them overdue
	}
	t, err := s.TaskByID(ctx, task.ID)
	if err != nil {
		return made, err
	}
	if _, err := s.DecideTask(ctx, reviewer, t.ID, casework.Decision{Decision: "approve", Opinion: "符合居住证申领条件",
		Outputs: map[string]string{"居住地址": "浙江省" + map[string]string{"330802": "衢州市柯城区", "330102": "杭州市上城区"}[region] + "府山街道"}, Version: t.Version}); err != nil {
		return made, err
	}
	// The applicant rates some closed cases, a few badly.
	if rng.IntN(100) >= 45 {
		return made, nil
	}
	rated := decided.Add(time.Duration(1+rng.IntN(30)) * time.Hour)
	if !clock(rated) {
		return made, nil
	}
	lvl := supervision.Levels[min(2, rng.IntN(100)/45)]
	comment := ""
	if rng.IntN(100) < 6 {
		lvl, comment = supervision.Levels[3+rng.IntN(2)], historyComplaints[rng.IntN(len(historyComplaints))]
	}
	applicant := &onetrip.Principal{Role: onetrip.RoleApplicant, Username: "demo.history", IDNumber: person.IDNumber, Name: person.Name}
	_, rect, err := s.RateCase(ctx, applicant, c.ID, supervision.NewRating{Target: supervision.TargetCase, Level: lvl, Comment: comment})
	if err != nil {
		return made, err
	}
	made.ratings++
	if rect == nil {
		return made, nil
	}
	made.rects++
	if rng.IntN(100) < 40 { // left unanswered: supervision chases it
		return made, nil
	}
	if !clock(cal.AddWorkdays(workday.DateOf(rated), 1).Time().Add(10 * time.Hour)) {
		return made, nil
	}
	x, err := s.StepRectification(ctx, reviewer, rect.ID, sqlstore.RectStep{Action: "contact", Text: "已电话联系申请人，了解情况并致歉", Version: rect.Version})
	if err != nil {
		return made, err
	}
	if !clock(cal.AddWorkdays(workday.DateOf(rated), 3+rng.IntN(15)).Time().Add(16 * time.Hour)) {
		return made, nil
	}
	_, err = s.StepRectification(ctx, reviewer, x.ID, sqlstore.RectStep{Action: "answer", Text: "已优化窗口叫号与预约，并向申请人书面答复", Version: x.Version})
	return made, err
}

var (
	historyNames      = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "朱", "胡", "郑"}
	historyGiven      = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "建华", "志强"}
	historyComplaints = []string{"窗口等候时间太长", "工作人员解释不清楚", "网上进度长时间不更新", "要求重复提交照片"}
)
