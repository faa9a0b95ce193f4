package kernelpick

import "testing"

func TestChoose(t *testing.T) {
	avail := []string{"fast", "slow", "generic"}
	for _, c := range []struct {
		env   string
		avail []string
		want  string
	}{
		{"", avail, "fast"},
		{"generic", avail, "generic"},
		{"slow", avail, "slow"},
		{"fast", avail, "fast"},
		{"no-such-kernel", avail, "fast"},
		{"Generic", avail, "fast"}, // names are exact
		{"", []string{"generic"}, "generic"},
		{"fast", []string{"generic"}, "generic"},
	} {
		if got := Choose(c.env, c.avail, func(k string) string { return k }); got != c.want {
			t.Errorf("Choose(%q, %d kernels) = %q, want %q", c.env, len(c.avail), got, c.want)
		}
	}
}
