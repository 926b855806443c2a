package payment

import (
	"errors"
	"testing"

	"onetrip"
)

func TestPlatformError(t *testing.T) {
	cause := errors.New("connection refused")
	for _, tc := range []struct {
		status int
		code   onetrip.Code
		key    string
	}{
		{0, onetrip.CodeUnavailable, "payment.platform.unavailable"},
		{502, onetrip.CodeUnavailable, "payment.platform.unavailable"},
		{429, onetrip.CodeUnavailable, "payment.platform.unavailable"},
		{400, onetrip.CodeInvalid, "payment.platform.refused"},
		{404, onetrip.CodeNotFound, "payment.platform.refused"},
		{409, onetrip.CodeConflict, "payment.platform.refused"},
		{403, onetrip.CodeForbidden, "payment.platform.refused"},
	} {
		err := PlatformError(tc.status, "", cause)
		wantErr(t, "status", err, tc.code, tc.key)
		if !errors.Is(err, cause) {
			t.Errorf("%d: the cause is lost", tc.status)
		}
	}
	for day, ok := range map[string]bool{"2026-03-02": true, "2026-3-2": false, "2026-02-30": false, "": false, "2026-03-02x": false} {
		if (CheckDay(day) == nil) != ok {
			t.Errorf("CheckDay(%q)", day)
		}
	}
}
