// Command crc64sum prints the CRC-64/XZ of each file (or of standard input) in decimal, the form
// OSS returns in x-oss-hash-crc64ecma, so a local file can be compared with an object by eye.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/ossresume/ossresume/core/crc64"
)

func main() {
	names := os.Args[1:]
	if len(names) == 0 {
		names = []string{"-"}
	}
	status := 0
	for _, name := range names {
		sum, err := sumOf(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "crc64sum:", err)
			status = 1
			continue
		}
		fmt.Printf("%d  %s\n", sum, name)
	}
	os.Exit(status)
}

func sumOf(name string) (uint64, error) {
	var r io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		r = f
	}
	h := crc64.New()
	_, err := io.CopyBuffer(h, r, make([]byte, 1<<20))
	return h.Sum64(), err
}
