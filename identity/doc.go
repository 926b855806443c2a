// Package identity is the unified identity of citizens and companies
// (统一身份认证): registration with a mobile number and an SMS code,
// real-name verification against the population register, the assurance
// level a service can require, a company bound by its legal representative
// and the staff (经办人) it authorises, and the closing of an account. Its
// rules are pure functions; sqlstore keeps the accounts and codes, policy
// asks Principal.ActsFor.
package identity
