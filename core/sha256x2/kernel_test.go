package sha256x2

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// setKernel makes the kernel called name the active one until the test ends, failing the test
// if this CPU cannot run it. It changes package state: tests that use it must not be parallel.
func setKernel(t testing.TB, name string) {
	t.Helper()
	i := slices.IndexFunc(available, func(k kernel) bool { return k.name == name })
	if i < 0 {
		t.Fatalf("kernel %q is not available here (have %v)", name, kernelNames())
	}
	old := active
	active = available[i]
	t.Cleanup(func() { active = old })
}

// eachKernel runs f once per kernel this CPU can run, as a subtest with that kernel active.
func eachKernel(t *testing.T, f func(t *testing.T)) {
	for _, name := range kernelNames() {
		t.Run(name, func(t *testing.T) {
			setKernel(t, name)
			f(t)
		})
	}
}

func kernelNames() []string {
	var names []string
	for _, k := range available {
		names = append(names, k.name)
	}
	return names
}

func TestChooseKernel(t *testing.T) {
	fast := kernel{name: "fast"}
	avail := []kernel{fast, generic}
	for _, c := range []struct {
		env   string
		avail []kernel
		want  string
	}{
		{"", avail, "fast"},
		{"generic", avail, "generic"},
		{"fast", avail, "fast"},
		{"no-such-kernel", avail, "fast"},
		{"Generic", avail, "fast"}, // names are exact
		{"", []kernel{generic}, "generic"},
		{"fast", []kernel{generic}, "generic"},
	} {
		if got := chooseKernel(c.env, c.avail).name; got != c.want {
			t.Errorf("chooseKernel(%q, %d kernels) = %q, want %q", c.env, len(c.avail), got, c.want)
		}
	}
}

// TestAvailable checks the kernel list and that Available agrees with the active kernel.
func TestAvailable(t *testing.T) {
	names := kernelNames()
	if names[len(names)-1] != "generic" {
		t.Fatalf("available kernels %v: generic is not last", names)
	}
	if len(archKernels()) == 0 && len(names) != 1 {
		t.Fatalf("no arch kernels, yet available = %v", names)
	}
	if got, want := Available(), Kernel() == "sha-ni"; got != want {
		t.Fatalf("Available() = %v with kernel %q", got, Kernel())
	}
	setKernel(t, "generic")
	if Available() {
		t.Fatal("Available() = true with the generic kernel")
	}
}

// TestEnvOverride starts this test binary again with OSSRESUME_SHA256X2 set to each available
// kernel name and to an unknown name, and checks the kernel the child chose at start.
func TestEnvOverride(t *testing.T) {
	if testing.Short() {
		t.Skip("starts subprocesses")
	}
	cases := map[string]string{"no-such-kernel": available[0].name}
	for _, name := range kernelNames() {
		cases[name] = name
	}
	for env, want := range cases {
		cmd := exec.Command(os.Args[0], "-test.run=^TestEnvChild$", "-test.v")
		cmd.Env = append(os.Environ(), envKernel+"="+env, "SHA256X2_TEST_CHILD_WANT="+want)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestEnvChild") {
			t.Errorf("%s=%s: child wanted kernel %q: err %v, output:\n%s", envKernel, env, want, err, out)
		}
	}
}

// TestEnvChild is the child side of TestEnvOverride, and checks the choice made at start in
// any run: the kernel OSSRESUME_SHA256X2 names if this CPU has it, else the fastest.
func TestEnvChild(t *testing.T) {
	want := os.Getenv("SHA256X2_TEST_CHILD_WANT")
	if want == "" {
		want = available[0].name
		if env := os.Getenv(envKernel); slices.Contains(kernelNames(), env) {
			want = env
		}
	}
	if Kernel() != want {
		t.Fatalf("%s=%q: Kernel() = %q, want %q", envKernel, os.Getenv(envKernel), Kernel(), want)
	}
}
