//go:build !(amd64 || arm64) || !gc || noasm || purego

package crc64

// archKernels reports no carry-less-multiply kernel: this build uses the portable path only.
func archKernels() []kernel { return nil }
