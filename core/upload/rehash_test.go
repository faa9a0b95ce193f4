package upload

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/sha256x2"
)

// rehashChild marks the test binary re-run by eachKernel with the portable SHA-256 kernel.
const rehashChild = "OSSRESUME_TEST_REHASH_CHILD"

// eachKernel runs test with the kernel this CPU chose and, where that is not already the
// portable one, again in a child process started with OSSRESUME_SHA256X2=generic: sha256x2
// reads the switch once at start, so only a new process can flip it.
func eachKernel(t *testing.T, test func(t *testing.T)) {
	if os.Getenv(rehashChild) != "" {
		if sha256x2.Kernel() != "generic" || newBufferPool().pair != nil {
			t.Fatalf("child runs kernel %q, want generic and no pairer", sha256x2.Kernel())
		}
		test(t)
		return
	}
	t.Run("kernel="+sha256x2.Kernel(), test)
	if sha256x2.Kernel() == "generic" {
		return
	}
	name := t.Name()
	t.Run("kernel=generic", func(t *testing.T) {
		cmd := exec.Command(os.Args[0], "-test.run=^"+name+"$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), rehashChild+"=1", "OSSRESUME_SHA256X2=generic")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: "+name) {
			t.Fatalf("child with the generic kernel: %v\n%s", err, out)
		}
	})
}

// replaceKeepingMtime writes data as a new file (a new inode, as an editor saving through a
// rename does) and gives it the old file's mtime: only the inode, and the hashes, tell.
func replaceKeepingMtime(t *testing.T, path string, data []byte) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	tmp := path + ".new"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(tmp, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// With an odd and an even number of recorded parts, so that the re-hash pairs them all or
// leaves the last alone, a changed byte in any recorded part sends exactly that part again,
// and an unchanged file sends none of the recorded parts.
func TestRehashFindsChangedPart(t *testing.T) {
	eachKernel(t, func(t *testing.T) {
		const N = 8
		for _, recorded := range []int{4, 5} {
			for changed := 0; changed <= recorded; changed++ { // 0: nothing changed
				t.Run(fmt.Sprintf("%d recorded, part %d changed", recorded, changed), func(t *testing.T) {
					e := newEnv(t)
					path, data := e.file("f", N*part-333)
					o := e.opts(path, "obj")
					o.Checkpoint, o.Threads = true, 1
					rec := e.interrupt(o, recorded+1)
					if got := partNumbers(rec.Parts); !slices.Equal(got, rangeInts(1, recorded)) {
						t.Fatalf("checkpoint holds parts %v, want 1..%d", got, recorded)
					}
					want := rangeInts(recorded+1, N)
					if changed > 0 {
						data[(changed-1)*part+part/2] ^= 0x5A
						want = append([]int{changed}, want...)
					}
					replaceKeepingMtime(t, path, data)
					res, err := e.upload(o)
					if err != nil {
						t.Fatal(err)
					}
					e.checkObject("obj", data)
					if got := sorted(e.sentParts()); !slices.Equal(got, want) {
						t.Fatalf("resume sent parts %v, want %v", got, want)
					}
					if res.UploadID != rec.UploadID {
						t.Fatal("the recorded upload was not continued")
					}
					note := fmt.Sprintf("%d finished part(s) re-hashed, %d changed", recorded, min(changed, 1))
					if !e.noticed(note) {
						t.Fatalf("no notice %q in %q", note, e.notices)
					}
				})
			}
		}
	})
}

// Parts taken over from a C SDK checkpoint carry no CRC-64, so they are re-hashed even with
// the file's identity unchanged, and checked against the server's CRC-64.
func TestRehashImportedParts(t *testing.T) {
	eachKernel(t, func(t *testing.T) {
		for _, recorded := range []int{4, 5} {
			t.Run(fmt.Sprintf("%d recorded", recorded), func(t *testing.T) {
				e := newEnv(t)
				path, data := e.file("f", 7*part)
				o := e.opts(path, "obj")
				o.Checkpoint, o.Threads = true, 1
				rec := e.interrupt(o, recorded+1)
				if err := os.WriteFile(path+".ucp", checkpoint.EncodeUCP(rec), 0o640); err != nil {
					t.Fatal(err)
				}
				os.Remove(path + ".cp")
				fi, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				data[2*part+9] ^= 1 // part 3, in place: same inode, and the mtime put back
				if err := os.WriteFile(path, data, 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
					t.Fatal(err)
				}
				if _, err := e.upload(o); err != nil {
					t.Fatal(err)
				}
				e.checkObject("obj", data)
				if got, want := sorted(e.sentParts()), append([]int{3}, rangeInts(recorded+1, 7)...); !slices.Equal(got, sorted(want)) {
					t.Fatalf("resume sent parts %v, want %v", got, sorted(want))
				}
			})
		}
	})
}

// rehashFixture is a file of n parts of partSize bytes (the last one short by 1000) recorded
// with their CRC-64 and SHA-256, and a job to verify them with.
func rehashFixture(t *testing.T, n int, partSize int64) (*job, []byte, []checkpoint.Part, map[int]oss.Part) {
	t.Helper()
	size := int64(n)*partSize - 1000
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(i*131 + i>>11)
	}
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	var parts []checkpoint.Part
	listed := map[int]oss.Part{}
	for k := 1; k <= n; k++ {
		off, sz := checkpoint.PartRange(k, size, partSize)
		b := data[off : off+sz]
		s := sha256.Sum256(b)
		parts = append(parts, checkpoint.Part{Number: k, Offset: off, Size: sz, ETag: "e",
			CRC64: crc64.Checksum(b), HasCRC: true, SHA256: hexString(s[:])})
		listed[k] = oss.Part{PartNumber: k, Size: sz, CRC64: crc64.Checksum(b), HasCRC64: true}
	}
	j := &job{f: fileSource{File: f, path: f.Name()}, o: Options{PartSHA256: true, Notify: func(string) {}}, bufs: newBufferPool()}
	return j, data, parts, listed
}

// verifyLocal through the rehasher against crypto/sha256 and a one-shot CRC-64: each part's
// hashes, which parts are kept, the pairing itself, and the errors of a shrunk file and of a
// cancelled context.
func TestRehashVerifyLocal(t *testing.T) {
	eachKernel(t, func(t *testing.T) {
		const partSize = 600 << 10 // spans chunks, and not a multiple of chunkSize
		for _, n := range []int{1, 2, 5, 6} {
			t.Run(fmt.Sprintf("%d parts", n), func(t *testing.T) {
				j, _, parts, listed := rehashFixture(t, n, partSize)
				kept, err := j.verifyLocal(context.Background(), parts, listed, true)
				if err != nil || !slices.Equal(kept, parts) {
					t.Fatalf("unchanged file: kept %v, %v; want all %d parts as recorded", partNumbers(kept), err, n)
				}

				// Records without the SHA-256 get it back; parts without a CRC-64 (imported) are
				// judged by the server's.
				bare := slices.Clone(parts)
				for i := range bare {
					bare[i].SHA256, bare[i].CRC64, bare[i].HasCRC = "", 0, i%2 == 0
				}
				for i := range bare {
					if bare[i].HasCRC {
						bare[i].CRC64 = parts[i].CRC64
					}
				}
				kept, err = j.verifyLocal(context.Background(), bare, listed, false)
				if err != nil || !slices.Equal(kept, keptAs(bare, parts)) {
					t.Fatalf("bare records: kept %+v, %v", kept, err)
				}

				// A wrong recorded hash, at each place in a pair, loses just that part.
				for bad := range n {
					for _, sha := range []bool{true, false} {
						wrong := slices.Clone(parts)
						if sha {
							wrong[bad].SHA256 = strings.Repeat("0", 64)
						} else {
							wrong[bad].CRC64 ^= 1
						}
						kept, err := j.verifyLocal(context.Background(), wrong, listed, true)
						want := slices.Delete(slices.Clone(parts), bad, bad+1)
						if err != nil || !slices.Equal(kept, want) {
							t.Fatalf("part %d wrong (sha %v): kept %v, %v", bad+1, sha, partNumbers(kept), err)
						}
					}
				}
			})
		}
	})
}

// keptAs is what verifyLocal makes of the bare records: those it re-hashed carry the full
// hashes, those it trusted stay as they were.
func keptAs(bare, full []checkpoint.Part) []checkpoint.Part {
	out := make([]checkpoint.Part, len(bare))
	for i := range bare {
		out[i] = full[i]
		if bare[i].HasCRC {
			out[i] = bare[i] // trusted: not re-hashed, so no SHA-256 filled in
		}
	}
	return out
}

func TestRehashPairsAndErrors(t *testing.T) {
	eachKernel(t, func(t *testing.T) {
		j, data, parts, listed := rehashFixture(t, 5, 300<<10)
		all := func(checkpoint.Part) bool { return true }

		rh := j.newRehasher(parts, all)
		crc, sum, err := rh.hash(context.Background(), 0)
		if err != nil || crc != parts[0].CRC64 || sum != parts[0].SHA256 {
			t.Fatalf("part 1: %x %s %v", crc, sum, err)
		}
		// Part 2 was hashed with part 1 where the 2-way kernel runs, and not otherwise.
		if paired := rh.ahead == 1; paired != sha256x2.Available() {
			t.Fatalf("part 2 hashed ahead: %v, with sha256x2.Available() = %v", paired, sha256x2.Available())
		}
		for i := 1; i < len(parts); i++ {
			crc, sum, err := rh.hash(context.Background(), i)
			if err != nil || crc != parts[i].CRC64 || sum != parts[i].SHA256 {
				t.Fatalf("part %d: %x %s %v", i+1, crc, sum, err)
			}
		}
		rh.release()

		// Without SHA-256 wanted (the default), the CRC-64 alone.
		j.o.PartSHA256 = false
		noSHA := slices.Clone(parts)
		for i := range noSHA {
			noSHA[i].SHA256 = ""
		}
		kept, err := j.verifyLocal(context.Background(), noSHA, listed, true)
		if err != nil || !slices.Equal(kept, noSHA) {
			t.Fatalf("CRC-64 only: kept %v, %v", partNumbers(kept), err)
		}
		// A record written with SHA-256 is still re-checked by it when SHA-256 is not wanted:
		// the part whose recorded SHA-256 no longer matches is dropped, though its CRC-64 does.
		wrongSHA := slices.Clone(parts)
		wrongSHA[2].SHA256 = strings.Repeat("0", 64)
		kept, err = j.verifyLocal(context.Background(), wrongSHA, listed, true)
		if want := slices.Delete(slices.Clone(parts), 2, 3); err != nil || !slices.Equal(kept, want) {
			t.Fatalf("SHA-256 record, CRC-64 wanted: kept %v, %v; want %v", partNumbers(kept), err, partNumbers(want))
		}
		j.o.PartSHA256 = true

		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := j.verifyLocal(ctx, parts, listed, true); !errors.Is(err, context.Canceled) ||
			!strings.Contains(err.Error(), "re-hashing") {
			t.Fatalf("cancelled: err = %v", err)
		}

		// The file shrinks under the resume: cut inside the first of a pair, inside the second
		// (with and without a later part that fails too), and inside the part left alone.
		for _, c := range []struct {
			parts []checkpoint.Part
			cut   int64
		}{{parts, parts[0].Offset + 5}, {parts, parts[1].Offset + 5}, {parts[:4], parts[3].Offset + 5}, {parts, parts[4].Offset + 5}} {
			if err := os.WriteFile(j.f.Name(), data[:c.cut], 0o644); err != nil {
				t.Fatal(err)
			}
			var ie *InconsistentError
			if _, err := j.verifyLocal(context.Background(), c.parts, listed, true); !errors.As(err, &ie) || ie.What != "file" {
				t.Fatalf("%d parts, file cut at %d: err = %v, want the file-shorter InconsistentError", len(c.parts), c.cut, err)
			}
		}
		// Buffers went back to the pool each time: the rehasher holds none after release.
		rh = j.newRehasher(parts, all)
		rh.hash(context.Background(), 0)
		rh.release()
		if rh.buf[0] != nil || rh.buf[1] != nil {
			t.Fatal("buffers kept after release")
		}
	})
}

// BenchmarkRehash measures the re-hash a resume does after the file's mtime changed: 64 MiB
// recorded in 8 MiB parts, all still matching, read from the page cache.
func BenchmarkRehash(b *testing.B) {
	const size, partSize = 64 << 20, 8 << 20
	path := filepath.Join(b.TempDir(), "f")
	data := make([]byte, size)
	for i := range data {
		data[i] = byte(i*7 + i>>13)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	for _, sha := range []bool{true, false} {
		b.Run(fmt.Sprintf("sha256=%v", sha), func(b *testing.B) {
			var parts []checkpoint.Part
			listed := map[int]oss.Part{}
			for off, n := int64(0), 1; off < size; off, n = off+partSize, n+1 {
				p := checkpoint.Part{Number: n, Offset: off, Size: partSize, ETag: "e",
					CRC64: crc64.Checksum(data[off : off+partSize]), HasCRC: true}
				if sha {
					s := sha256.Sum256(data[off : off+partSize])
					p.SHA256 = hexString(s[:])
				}
				parts = append(parts, p)
				listed[n] = oss.Part{PartNumber: n}
			}
			j := &job{f: fileSource{File: f, path: f.Name()}, o: Options{PartSHA256: sha, Notify: func(string) {}}, bufs: newBufferPool()}
			b.SetBytes(size)
			for b.Loop() {
				kept, err := j.verifyLocal(context.Background(), parts, listed, true)
				if err != nil || len(kept) != len(parts) {
					b.Fatalf("kept %d of %d parts: %v", len(kept), len(parts), err)
				}
			}
		})
	}
}
