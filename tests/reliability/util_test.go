//go:build reliability

package reliability

import (
	"fmt"
	"os"
	"strings"
)

func errorf(format string, a ...any) error { return fmt.Errorf(format, a...) }

// countFDs counts this process's open file descriptors.
func countFDs() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(ents)
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 600 {
		s = s[:300] + " … " + s[len(s)-300:]
	}
	return strings.ReplaceAll(s, "\n", " | ")
}

// firstLine returns the first line of out that starts with one of the prefixes.
func firstLine(out string, prefixes ...string) string {
	for _, line := range strings.Split(out, "\n") {
		for _, p := range prefixes {
			if strings.HasPrefix(line, p) {
				return line
			}
		}
	}
	return oneLine(out)
}
