// Package reliability holds the reliability campaigns of ossresume: kill -9 with resume, the
// server fault matrix, server restarts, local file and checkpoint trouble, bad input under
// AddressSanitizer, load, and secrets. They drive the shipped binaries (build/bin/oss-upload,
// build/bin/ossemu, build/libossresume.so) as separate processes, the way users meet them, and
// verify every object byte for byte. The package has tests only; tests/RELIABILITY.md says how
// to run them and what they last found.
//
// The tests carry the build tag "reliability" so that `go test ./...` (which does not build the
// library and the binaries first) leaves them out; `make test-reliability` builds what they
// drive and runs them with -tags reliability, `make soak` their long forms.
package reliability
