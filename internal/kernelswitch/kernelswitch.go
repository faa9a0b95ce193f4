// Package kernelswitch lets a package's tests choose which of its CPU-specific kernels runs.
// Such a package lists the kernels this CPU can run, fastest first, and keeps the one in use in
// a variable; the switch works on those two, so each package keeps its kernel type private.
// For tests only: switching changes package state, so tests that switch must not be parallel.
package kernelswitch

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// EnvReport names a file to which every test that ran with a kernel set, and passed, appends
// "<Env> <kernel> <test>": make test-go collects them so that scripts/check-kernels.sh can
// print which kernels were exercised and fail when one this CPU has was not.
const EnvReport = "KERNELSWITCH_REPORT"

// envChildWant carries, from CheckEnvOverride to the child it starts, the kernel the child
// must have chosen.
const envChildWant = "KERNELSWITCH_CHILD_WANT"

// Kernels describes one package's kernels.
type Kernels[K any] struct {
	Available []K            // the kernels this CPU can run, fastest first
	Active    *K             // the package's dispatch variable
	Name      func(K) string // a kernel's name, as the environment variable spells it
	Env       string         // the environment variable that picks a kernel at start
}

// Names lists the available kernels' names, fastest first.
func (ks Kernels[K]) Names() []string {
	var names []string
	for _, k := range ks.Available {
		names = append(names, ks.Name(k))
	}
	return names
}

// Set makes the kernel called name the active one until the test ends, failing the test if
// this CPU cannot run it.
func (ks Kernels[K]) Set(t testing.TB, name string) {
	t.Helper()
	i := slices.IndexFunc(ks.Available, func(k K) bool { return ks.Name(k) == name })
	if i < 0 {
		t.Fatalf("kernel %q is not available here (have %v)", name, ks.Names())
	}
	old := *ks.Active
	*ks.Active = ks.Available[i]
	t.Cleanup(func() {
		*ks.Active = old
		if report := os.Getenv(EnvReport); report != "" && !t.Failed() && !t.Skipped() {
			appendLine(t, report, ks.Env+" "+name+" "+t.Name()+"\n")
		}
	})
}

// appendLine appends one line to path; test binaries of several packages may append at once,
// and a single O_APPEND write of a short line is not interleaved with theirs.
func appendLine(t testing.TB, path, line string) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err == nil {
		_, err = f.WriteString(line)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		t.Errorf("%s=%s: %v", EnvReport, path, err)
	}
}

// Each runs f once per kernel this CPU can run, as a subtest with that kernel active.
func (ks Kernels[K]) Each(t *testing.T, f func(t *testing.T)) {
	for _, name := range ks.Names() {
		t.Run(name, func(t *testing.T) {
			ks.Set(t, name)
			f(t)
		})
	}
}

// CheckEnvOverride starts the test binary again with Env set to each available kernel's name
// and to an unknown name, running only its TestEnvChild, which must call CheckEnvChild. The
// choice is made once at start, so only a fresh process can show it.
func (ks Kernels[K]) CheckEnvOverride(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts subprocesses")
	}
	cases := map[string]string{"no-such-kernel": ks.Name(ks.Available[0])}
	for _, name := range ks.Names() {
		cases[name] = name
	}
	for env, want := range cases {
		cmd := exec.Command(os.Args[0], "-test.run=^TestEnvChild$", "-test.v")
		cmd.Env = append(os.Environ(), ks.Env+"="+env, envChildWant+"="+want)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestEnvChild") {
			t.Errorf("%s=%s: child wanted kernel %q: err %v, output:\n%s", ks.Env, env, want, err, out)
		}
	}
}

// CheckEnvChild is the child side of CheckEnvOverride; chosen is the kernel the package reports
// as active. Outside CheckEnvOverride it checks the choice this run made: the kernel Env names
// if this CPU has it, else the fastest.
func (ks Kernels[K]) CheckEnvChild(t *testing.T, chosen string) {
	t.Helper()
	want := os.Getenv(envChildWant)
	if want == "" {
		want = ks.Name(ks.Available[0])
		if env := os.Getenv(ks.Env); slices.Contains(ks.Names(), env) {
			want = env
		}
	}
	if chosen != want {
		t.Fatalf("%s=%q: active kernel %q, want %q", ks.Env, os.Getenv(ks.Env), chosen, want)
	}
}
