package oss_test

import (
	"testing"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// crypto/tls writes each record of at most 16 KiB with a write of its own; beneath it, the
// records of one body chunk must leave in one write. 3 MiB in 16 KiB records is 193 writes;
// batched into 256 KiB it is 13, plus the handshake's and the headers'.
func TestTLSRecordsBatched(t *testing.T) {
	srv := startEmu(t, ossemu.Options{TLS: true})
	c := newClient(t, srv, nil)
	writes := oss.CountWrites(c)
	data := payload(3<<20, 3)
	uploadOnePart(t, srv, c, "batched/records", &selfWriter{data: data}, data)
	// Three requests (Initiate, UploadPart, Complete) on one connection.
	if n := writes.Load(); n > 40 {
		t.Errorf("%d writes beneath TLS for a 3 MiB part, want at most 40", n)
	}
	t.Logf("%d writes beneath TLS for a 3 MiB part", writes.Load())
}
