// Package httpx holds the Gin middleware every Hutong surface shares: the
// API and the pages both run behind the same request ids, access log,
// panic recovery, security headers, metrics and body limit, so that an
// operator reads one log format and one set of metrics whichever surface a
// request reached.
package httpx
