// Package oss is the one place that speaks Alibaba Cloud OSS's HTTP API: endpoint parsing and
// addressing (virtual-hosted, path style for IP and localhost endpoints, CNAME), V1 and V4
// request signing with optional STS tokens, one file per wire operation, the typed *Error and
// *TransportError with their retry verdicts, and an HTTP/1.1 transport tuned for many parts
// in flight. It knows nothing of resumable uploads; core/upload builds those on top of it.
//
// Facts about the wire come from shared/reference/oss-protocol.md and c-sdk-surface.md; the
// signer reproduces every vector there and agrees with the official v2 Go SDK's signer on
// random requests (tests/compat).
package oss
