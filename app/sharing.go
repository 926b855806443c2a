package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"onetrip/sharing"
	"onetrip/sharing/remote"
	"onetrip/sqlstore"
)

// SharingOptions say where the node's shared data comes from.
type SharingOptions struct {
	// Builtin answers the items no department's system is connected for:
	// the built-in synthetic registries in demo mode; nil in production
	// (an item without a system is then unavailable, never invented).
	Builtin sharing.Provider
	// Systems are the departments' own systems: item code → URL.
	Systems map[string]string
	// Timeout bounds each call to a system (default 2 s).
	Timeout time.Duration
}

// ConnectSharing connects the store to its providers of shared data; the
// calls to departments' systems are signed with the platform's SM2 key.
func ConnectSharing(ctx context.Context, s *sqlstore.Store, o SharingOptions) error {
	ps := sharing.Providers{Fallback: o.Builtin, ByItem: map[string]sharing.Provider{}}
	if len(o.Systems) > 0 {
		key, err := s.PlatformKey(ctx)
		if err != nil {
			return fmt.Errorf("platform key: %w", err)
		}
		rp := remote.New(o.Systems, key, remote.Options{Timeout: o.Timeout})
		for item := range o.Systems {
			ps.ByItem[item] = rp
		}
	}
	s.SetSharingProvider(ps)
	return nil
}

// ProviderFlag is the repeated command-line flag --provider ITEM=URL.
type ProviderFlag map[string]string

// String implements flag.Value.
func (f ProviderFlag) String() string {
	var parts []string
	for k, v := range f {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, ",")
}

// Set implements flag.Value.
func (f ProviderFlag) Set(v string) error {
	item, url, ok := strings.Cut(v, "=")
	if !ok || !strings.HasPrefix(item, "D-") || !(strings.HasPrefix(url, "http://") || strings.HasPrefix(url, "https://")) {
		return fmt.Errorf("want ITEM=URL, e.g. D-HPF=https://gjj.example.gov.cn/onetrip/query; got %q", v)
	}
	f[item] = url
	return nil
}
