package oss

import "net/http"

// UseHTTPClient makes c send its requests through hc's Transport, Timeout and cookie jar instead
// of the tuned transport New built (the v1 SDK's HTTPClient option: a caller's own round tripper
// for tracing, a custom dialer, ...). Redirects are still not followed: a request body is streamed
// once and cannot be sent again. Config's timeouts, proxy and TLS settings no longer apply; hc's
// transport decides those. Call it before c is first used; a nil hc changes nothing.
func (c *Client) UseHTTPClient(hc *http.Client) {
	if hc == nil {
		return
	}
	c.http = &http.Client{Transport: hc.Transport, Timeout: hc.Timeout, Jar: hc.Jar,
		CheckRedirect: c.http.CheckRedirect}
}
