//go:build !amd64 || !gc || noasm || purego

package sha256x2

// archKernels reports no SHA-NI kernel: this build uses the portable path only.
func archKernels() []kernel { return nil }
