package bench

import (
	"context"
	"os"
	"testing"
)

func BenchmarkNotifyHoldTmp(b *testing.B) {
	on := os.Getenv("NT_ON") == "1"
	m, err := notifyRun(context.Background(), NotifyOptions{Dir: b.TempDir(), Hold: os.Getenv("NT_HOLD") == "1", Cases: 10000, Clients: 32, Applicants: 1000, Deadline: 1e9}, on)
	b.Logf("err %v", err)
	b.Logf("on=%v %s delivered %.2fs", on, m.rate, m.delivered.Seconds())
}
