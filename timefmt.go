package onetrip

import (
	"time"
	"unicode/utf8"
)

// TimeLayout is the one form times are stored and hashed in: UTC,
// microseconds, fixed width, so text order is time order on every engine.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// China is the civil time of the Chinese mainland, UTC+8 all year: dates of
// cases, working days and licences are dates in China. A fixed zone is
// exact (no daylight saving since 1991) and needs no tzdata on the host.
var China = time.FixedZone("CST", 8*3600)

// Length limits of free text, in characters (URLs in bytes): every string
// a request carries has one, so no field can fill the database.
const (
	MaxURL     = 2048 // a webhook's URL
	MaxText    = 2000 // an opinion, a reason, a legal basis
	MaxShort   = 200  // a name, a label, an output's name
	MaxOutput  = 1000 // an output's value
	MaxMarkRef = 200  // a mark's reason, file id or licence identifier
)

// TooLong reports whether s has more than n characters.
func TooLong(s string, n int) bool { return len(s) > n && utf8.RuneCountInString(s) > n }
