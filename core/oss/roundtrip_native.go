//go:build !js

package oss

import "net/http"

// roundTripper is the client's transport seam: natively the tuned transport itself (its
// dialers, TLS record batching and proxies); on js/wasm the browser's fetch (fetch_js.go).
func roundTripper(_ *Config, t *http.Transport) http.RoundTripper { return t }
