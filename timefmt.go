package onetrip

import "time"

// TimeLayout is the one form times are stored and hashed in: UTC,
// microseconds, fixed width, so text order is time order on every engine.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// China is the civil time of the Chinese mainland, UTC+8 all year: dates of
// cases, working days and licences are dates in China. A fixed zone is
// exact (no daylight saving since 1991) and needs no tzdata on the host.
var China = time.FixedZone("CST", 8*3600)
