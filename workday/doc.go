// Package workday is the working-day calendar of the Chinese mainland and the
// clocks of cases and tasks that count their limits in it.
//
// Limits (承诺时限 / 法定时限) are counted in working days: statutory holidays
// are not working days, and the adjusted working days (调休) that the State
// Council moves onto weekends are. The built-in table of both comes from
// github.com/6tail/lunar-go (HolidayUtil); administrators add what the State
// Council publishes later as overrides, which win over the built-in table.
//
// Everything here is pure: a Calendar is built once from the overrides the
// store persists (New), is immutable afterwards and therefore safe for any
// number of concurrent readers. When the overrides change, build a new
// Calendar and swap it in (for example with an atomic.Pointer).
//
// Dates are civil dates of the Chinese mainland: a time.Time becomes a Date in
// UTC+8 (China has no daylight saving time, so a fixed zone is exact and needs
// no tzdata).
package workday
