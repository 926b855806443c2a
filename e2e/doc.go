// Package e2e holds the end-to-end tests: whole nodes started by the test,
// driven through the HTTP API and a real headless chromium.
package e2e
