// Package supervision is electronic supervision (电子监察): the public rating
// of services and cases by the people served (好差评, GB/T 39735) with the
// rectification a bad rating opens (整改), the alerts a running clock raises
// once when it turns due-soon or overdue, and the measures a region is held
// to — on-time rate, working days used against promised, the 最多跑一次
// realisation rate, second-notice breaches, online and 免提交 shares,
// satisfaction — as folds over cases and ratings.
//
// Everything here is a pure function: the store feeds it rows and persists
// what it returns, the pages and the API only show it. A case contributes to
// the days its events happened on (Contributions), so a day's counts can be
// recomputed from the cases alone and a projection can always be rebuilt.
package supervision
