// Package kernelpick chooses, once at start, which of a package's CPU-specific kernels runs:
// the one an environment variable names if this CPU has it, else the fastest.
package kernelpick

// Choose returns the kernel of avail (fastest first, never empty) that name calls env, or
// avail[0] when none is: an unknown name, or one this CPU cannot run, leaves the automatic
// choice in place. Names are matched exactly.
func Choose[K any](env string, avail []K, name func(K) string) K {
	for _, k := range avail {
		if name(k) == env {
			return k
		}
	}
	return avail[0]
}
