package bench

import (
	"bytes"
	"crypto/rand"
	"io"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// net's sendfile path needs the body to expose its descriptor.
var _ syscall.Conn = partBody{}

// TestPartBodyOverTCP sends parts the way net/http does — io.Copy of an io.LimitReader into a
// TCP connection, which takes the sendfile path for a syscall.Conn — then reads the body once
// more, as net/http does to refuse an over-long body: every part must arrive intact and the body
// must end exactly at the part's end.
func TestPartBodyOverTCP(t *testing.T) {
	data := make([]byte, 3*100_000+1234)
	rand.Read(data)
	path := filepath.Join(t.TempDir(), "f.bin")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- nil
			return
		}
		defer c.Close()
		b, _ := io.ReadAll(c)
		got <- b
	}()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}

	const part = 100_000
	for off := int64(0); off < int64(len(data)); off += part {
		n := min(part, int64(len(data))-off)
		if _, err := f.Seek(off, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		body := partBody{f: f, end: off + n}
		w, err := io.Copy(conn, io.LimitReader(body, n))
		if err != nil || w != n {
			t.Fatalf("part at %d: copied %d of %d: %v", off, w, n, err)
		}
		if extra, err := io.Copy(io.Discard, body); err != nil || extra != 0 {
			t.Fatalf("part at %d: %d bytes readable past its end (%v)", off, extra, err)
		}
	}
	conn.Close()
	if b := <-got; !bytes.Equal(b, data) {
		t.Fatalf("received %d bytes, not the %d of the file in order", len(b), len(data))
	}
}
