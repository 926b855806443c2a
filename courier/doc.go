// Package courier is 证照快递送达: a service centre sends a case's result
// (a licence, a certificate) to the applicant by courier through one
// platform interface, at a fee no higher than the province's reference price
// (省定参考价). It holds the domain only — addresses, the price table, the
// shipment's life and the courier platform's signed tracking events — and
// the Courier port a courier's client implements; couriersim is the built-in
// simulator behind that port.
package courier
