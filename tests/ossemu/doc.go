// Package ossemu is a local OSS-compatible server: the endpoint every test, the demo and the
// benchmarks of ossresume talk to, and one users can run in their own CI. It speaks the OSS
// object and multipart API over HTTP or HTTPS, verifies V1 and V4 signatures (header and
// presigned) exactly, keeps its data in memory or crash-safely on disk, and injects faults.
//
// Start it in-process with Start (as with net/http/httptest), or run the ossemu command.
//
// # Operations
//
// PutBucket, DeleteBucket, ListBuckets (prefix, marker, max-keys), ListObjects (v1, with each
// object's Owner, and list-type=2), PutObject, GetObject (with Range), HeadObject,
// DeleteObject, InitiateMultipartUpload, UploadPart, ListParts, CompleteMultipartUpload,
// AbortMultipartUpload, ListMultipartUploads, PutBucketCors, GetBucketCors, DeleteBucketCors
// and the OPTIONS preflight. Buckets are addressed path-style (/bucket/key; a bucket-level
// request as /bucket or /bucket/) or virtual-hosted (Host: bucket.127.0.0.1:PORT,
// bucket.localhost:PORT, or an OSS name such as bucket.oss-cn-hangzhou.aliyuncs.com, which
// ali-oss sends to an IP endpoint). V1 signs Date, or x-oss-date when Date is absent (browsers
// cannot set Date). PutObject and Complete honour x-oss-callback (loopback URLs only).
//
// # CORS
//
// PUT /bucket/?cors stores a CORSConfiguration (1-10 CORSRules; AllowedOrigin with at most one
// "*", AllowedMethod among GET PUT DELETE POST HEAD, AllowedHeader with "*", ExposeHeader
// without wildcards, at most one MaxAgeSeconds; optional ResponseVary), GET ?cors returns it
// (404 NoSuchCORSConfiguration when none), DELETE ?cors removes it. An unsigned OPTIONS
// preflight is answered from the first rule allowing its Origin, Access-Control-Request-Method
// and every header of Access-Control-Request-Headers (200 with Access-Control-Allow-Origin,
// -Methods, -Headers, -Expose-Headers, -Max-Age), else 403 AccessForbidden. Actual requests
// from an allowed origin carry the same headers, error answers included. Options.CORS
// (--cors) gives every bucket without rules of its own one rule for any origin that exposes
// ETag, x-oss-request-id, x-oss-hash-crc64ecma and Date. With a data directory the rules
// survive restarts.
//
// # Faults
//
// A fault spec is a comma-separated list of settings, given with --fault, Options.Faults,
// Server.AddFault or POST /_ossemu/faults (one spec per line). Settings that choose requests:
//
//	op=NAME[|NAME...]  operation(s): PutObject, UploadPart, InitiateMultipartUpload (or
//	                   Initiate), CompleteMultipartUpload (Complete), AbortMultipartUpload
//	                   (Abort), ListParts, GetObject, ... (default: every operation)
//	bucket=B, key=K    only this bucket or key
//	part=N             only UploadPart requests for part N
//	range-start=N      only GETs whose Range starts at byte N (sizes as below: 8MiB)
//
// Settings that choose which of those requests the fault fires on (all given must hold;
// none: every one):
//
//	nth=N              the Nth matching request only
//	every=K            every Kth matching request
//	p=0.1[,seed=7]     with probability p, from a generator seeded with seed (default 1)
//	times=N            at most N times in all
//
// What it does (several may be combined; none given means status=500):
//
//	status=503[,code=SlowDown][,message=...]  answer this error instead of serving the request
//	                   (code defaults from the status and vice versa)
//	when=after         perform the operation first, then answer the error (or, with
//	                   reset-after, reset the connection instead of answering): the server
//	                   acted but the client never learns it
//	reset-after=65536  reset the TCP connection after this many request body bytes (for GET:
//	                   response body bytes); 0 resets before any
//	cut-after=65536    GET: close the connection in order (FIN, TLS close_notify) after this
//	                   many response body bytes, short of Content-Length: a body cut short
//	delay=2s           wait this long before handling the request
//	bandwidth=1MiB     pace request and response bodies to this many bytes per second
//	wrong-crc          send a wrong x-oss-hash-crc64ecma
//	no-crc             send no x-oss-hash-crc64ecma (a proxy stripped it)
//	garbage-crc        send an x-oss-hash-crc64ecma that is not a number
//	no-etag            send no ETag header
//	corrupt-body       flip the first byte of the response body (bytes damaged on the way)
//	expire-upload      make the request's upload id disappear first, so it fails NoSuchUpload
//	creep-marker       ListParts / ListMultipartUploads: answer a truncated page whose next
//	                   marker is one past the one asked for, forever (one made-up entry each)
//	drip=1s            perform the operation, then send the whole answer, status line and
//	                   headers included, one byte per interval
//	drip-body=1s       likewise, but the status line and headers at once, then the body one
//	                   byte per interval
//
// status=200 with a code answers 200 OK with that <Error> body without performing the
// operation: what OSS documents for a Complete whose assembly failed after the status was sent.
//
// Sizes accept KiB, MiB, GiB (and KB, MB, GB). Examples:
//
//	op=UploadPart,nth=3,status=503,code=SlowDown
//	op=UploadPart,part=5,reset-after=65536,times=1
//	op=Complete,status=500,when=after
//	op=Complete,when=after,reset-after=0
//	op=UploadPart,p=0.1,seed=7
//	op=UploadPart,part=3,expire-upload
//	op=Complete,status=200,code=InternalError
//	op=UploadPart,no-crc
//	op=ListParts,creep-marker
//	op=UploadPart,drip=1s
//
// # Admin endpoint
//
// Path-style requests under /_ossemu/ need no signature and are answered to loopback clients
// only ("_" cannot occur in a bucket name, so nothing else can be addressed there):
// GET/POST/DELETE /_ossemu/faults, GET/DELETE /_ossemu/log (?format=jsonl for JSON lines),
// GET /_ossemu/uploads?bucket=B, GET /_ossemu/object/<bucket>/<key> (the stored bytes, with the
// CRC-64 in x-oss-hash-crc64ecma and the ETag: how tests read an object back without signing)
// and GET /_ossemu/health.
//
// # Test fixture
//
// fixture.json holds the one key pair, STS token, bucket and region every harness uses
// (Fixture in Go; `ossemu --fixture` serves them).
//
// # Request log
//
// Every request, refused ones included, is logged once after its response is complete (Op,
// bucket, key, upload id, part number, body bytes, status, error code and the fault that fired;
// status 0 when a fault reset the connection). A reset request is logged just before its
// connection is cut, so a client that has seen the reset finds the entry already there. Read it
// with Server.Requests, GET /_ossemu/log, or the --log file (JSON lines).
package ossemu
