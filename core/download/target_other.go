//go:build !unix

package download

import (
	"os"
	"strconv"
)

func writable(string) error { return nil }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

var preallocateHook func(f *os.File, size int64) error

func preallocate(f *os.File, size int64) error {
	if preallocateHook != nil {
		return preallocateHook(f, size)
	}
	return nil
}
