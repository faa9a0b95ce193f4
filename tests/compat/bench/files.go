package bench

import (
	"bufio"
	crand "crypto/rand"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/ossresume/ossresume/core/crc64"
)

// testFile is a file of random bytes and its CRC-64; or, for a many-files cell, a directory
// (path) of files.
type testFile struct {
	path  string
	size  int64
	crc   uint64
	files []testFile
}

// writeTestDir writes n files of size random bytes into a new directory in dir, named by
// ManyFileName.
func writeTestDir(dir string, n int, size int64) (testFile, error) {
	td := testFile{path: filepath.Join(dir, fmt.Sprintf("src-%dx%s", n, FormatSize(size)))}
	if err := os.Mkdir(td.path, 0o700); err != nil {
		return td, err
	}
	for i := range n {
		f, err := writeTestFileAt(filepath.Join(td.path, ManyFileName(i)), size)
		if err != nil {
			return td, err
		}
		td.files = append(td.files, f)
	}
	return td, nil
}

// writeTestFile writes size random bytes into dir (random so no layer can compress or
// deduplicate them; ChaCha8 so generating 2 GiB takes seconds, not minutes).
func writeTestFile(dir string, size int64) (testFile, error) {
	return writeTestFileAt(filepath.Join(dir, "src-"+FormatSize(size)+".bin"), size)
}

func writeTestFileAt(path string, size int64) (testFile, error) {
	tf := testFile{path: path, size: size}
	f, err := os.OpenFile(tf.path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return tf, err
	}
	var seed [32]byte
	crand.Read(seed[:])
	rng := rand.NewChaCha8(seed)
	w := bufio.NewWriterSize(f, 1<<20)
	buf := make([]byte, 1<<20)
	for left := size; left > 0; {
		chunk := buf[:min(int64(len(buf)), left)]
		rng.Read(chunk)
		tf.crc = crc64.Update(tf.crc, chunk)
		if _, err := w.Write(chunk); err != nil {
			f.Close()
			return tf, err
		}
		left -= int64(len(chunk))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return tf, err
	}
	return tf, f.Close()
}
