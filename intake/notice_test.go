package intake

import (
	"reflect"
	"testing"

	"onetrip"
)

func TestSecondNoticeBreaches(t *testing.T) {
	n := func(key string, specs ...string) NoticeItem {
		return NoticeItem{Key: key, SpecIDs: append([]string{key}, specs...)}
	}
	first := []NoticeItem{n("A.M01"), n("A.M02", "B.M03")}
	tests := []struct {
		name  string
		later []NoticeItem
		want  []string
	}{
		{"same materials named again", []NoticeItem{n("A.M01"), n("A.M02", "B.M03")}, nil},
		{"a subset", []NoticeItem{n("A.M02", "B.M03")}, nil},
		{"a new material", []NoticeItem{n("A.M01"), n("A.M05")}, []string{"A.M05"}},
		{"two new materials", []NoticeItem{n("A.M05"), n("B.M01")}, []string{"A.M05", "B.M01"}},
		{"a merged entry re-keyed after a guide revision matches by spec", []NoticeItem{n("B.M03")}, nil},
		{"empty later notice", nil, nil},
	}
	for _, tc := range tests {
		var got []string
		for _, b := range SecondNoticeBreaches(first, tc.later) {
			got = append(got, b.Key)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// With no first notice every item of a later one is new.
	if got := SecondNoticeBreaches(nil, []NoticeItem{n("X")}); len(got) != 1 {
		t.Errorf("no first notice: %v", got)
	}
}

func TestCheckRefusal(t *testing.T) {
	tests := []struct {
		reason, basis string
		paths         []string
	}{
		{"不属于本机关职权范围", "《中华人民共和国行政许可法》第三十二条第一款第（二）项", nil},
		{"", "《行政许可法》第三十二条", []string{"reason"}},
		{"理由", " ", []string{"legal_basis"}},
		{"", "", []string{"reason", "legal_basis"}},
	}
	for _, tc := range tests {
		err := CheckRefusal(tc.reason, tc.basis)
		var paths []string
		if err != nil {
			for _, d := range onetrip.AsError(err).Details {
				paths = append(paths, d.Path)
			}
		}
		if !reflect.DeepEqual(paths, tc.paths) {
			t.Errorf("CheckRefusal(%q, %q): %v, want %v", tc.reason, tc.basis, paths, tc.paths)
		}
	}
}

func TestDecide(t *testing.T) {
	if Decide(Evaluation{Complete: true}) != OutcomeAccepted || Decide(Evaluation{}) != OutcomeNeedsCorrection {
		t.Fatal("Decide")
	}
	if OutcomeAccepted.Status() != StatusAccepted || OutcomeNeedsCorrection.Status() != StatusNeedsCorrection {
		t.Fatal("Outcome.Status")
	}
}
