package supervision

import (
	"slices"
	"strings"
	"time"

	"onetrip"
	"onetrip/intake"
)

// Level is a rating on the five-level scale of GB/T 39735 (政务服务评价).
type Level string

const (
	VerySatisfied    Level = "very_satisfied"    // 非常满意
	Satisfied        Level = "satisfied"         // 满意
	BasicSatisfied   Level = "basic"             // 基本满意
	Dissatisfied     Level = "dissatisfied"      // 不满意
	VeryDissatisfied Level = "very_dissatisfied" // 非常不满意
)

// Levels lists the levels best first, as a rating form shows them.
var Levels = []Level{VerySatisfied, Satisfied, BasicSatisfied, Dissatisfied, VeryDissatisfied}

// Valid reports whether l is one of Levels.
func (l Level) Valid() bool {
	for _, x := range Levels {
		if x == l {
			return true
		}
	}
	return false
}

// Bad is a 差评 (不满意, 非常不满意): it opens a rectification.
func (l Level) Bad() bool { return l == Dissatisfied || l == VeryDissatisfied }

// Good is what the satisfaction rate counts: every level that is not Bad.
func (l Level) Good() bool { return l.Valid() && !l.Bad() }

// Key is the level's message key.
func (l Level) Key() string { return "supervision.level." + string(l) }

// Target is what is rated: the case as a whole (the service of the item or
// bundle, by every department on it) or the window's service at the counter.
type Target string

const (
	TargetCase   Target = "case"   // 办件评价
	TargetWindow Target = "window" // 窗口服务评价
)

// Targets lists the rating targets.
var Targets = []Target{TargetCase, TargetWindow}

// Channel is where a rating was given.
type Channel string

const (
	ChannelOnline Channel = "online" // the applicant's own account, on the web or a phone
	ChannelDevice Channel = "device" // the rating device at the window (评价器)
)

// Channels lists the rating channels.
var Channels = []Channel{ChannelOnline, ChannelDevice}

// Rating is one rating (评价) of a case or its window service.
type Rating struct {
	ID         string    `json:"id"`
	CaseID     string    `json:"case_id"`
	CaseNumber string    `json:"case_number"`
	Region     string    `json:"region"`
	Department string    `json:"department,omitempty"` // responsible: the case's lead department
	Center     string    `json:"center,omitempty"`
	Subject    string    `json:"subject"` // the item or bundle code
	Target     Target    `json:"target"`
	Level      Level     `json:"level"`
	Comment    string    `json:"comment,omitempty"`
	Channel    Channel   `json:"channel"`
	FollowUp   bool      `json:"follow_up,omitempty"` // the one rating added after a rectification
	At         time.Time `json:"at"`
	By         string    `json:"-"` // user id
}

// NewRating is what a rater sends.
type NewRating struct {
	Target  Target  `json:"target"`
	Level   Level   `json:"level"`
	Comment string  `json:"comment,omitempty"`
	Channel Channel `json:"channel,omitempty"` // online when empty
}

// Rateable reports whether a case in status st can be rated: once it is
// closed (办结 and delivered), never while it is open.
func Rateable(st intake.Status) bool {
	return st == intake.StatusClosed || st == intake.StatusArchived
}

// CheckRating is the rule for a new rating of a case whose status is st,
// given the case's earlier ratings of the same target and the
// rectification of the latest bad one (nil when none): the first rating is
// free; one follow-up rating is allowed after a bad rating's rectification
// has been answered; anything else is a second rating and a conflict. A bad
// rating must say why (GB/T 39735 asks the reason of a 差评). It returns
// whether the new rating is the follow-up.
func CheckRating(st intake.Status, n NewRating, prior []Rating, rect *Rectification) (followUp bool, err error) {
	var probs onetrip.Problems
	if !slices.Contains(Targets, n.Target) {
		probs.Add("target", "supervision.rating.target", string(n.Target))
	}
	if !n.Level.Valid() {
		probs.Add("level", "supervision.rating.level", string(n.Level))
	}
	if n.Channel != "" && !slices.Contains(Channels, n.Channel) {
		probs.Add("channel", "supervision.rating.channel", string(n.Channel))
	}
	if onetrip.TooLong(n.Comment, onetrip.MaxText) {
		probs.Add("comment", "err.too_long", onetrip.MaxText)
	}
	if n.Level.Bad() && strings.TrimSpace(n.Comment) == "" {
		probs.Add("comment", "supervision.rating.why")
	}
	if err := probs.Err("supervision.rating.invalid"); err != nil {
		return false, err
	}
	if !Rateable(st) {
		return false, onetrip.Conflict("supervision.rating.open", string(st))
	}
	switch {
	case len(prior) == 0:
		return false, nil
	case len(prior) == 1 && prior[0].Level.Bad() && rect != nil && rect.State == RectAnswered:
		return true, nil
	case len(prior) == 1 && prior[0].Level.Bad():
		return false, onetrip.Conflict("supervision.rating.wait_rectification")
	}
	return false, onetrip.Conflict("supervision.rating.twice")
}
