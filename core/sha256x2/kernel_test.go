package sha256x2

import (
	"testing"

	"github.com/ossresume/ossresume/internal/kernelswitch"
)

// kernels lets tests switch this package's kernel (Set, Each); switching changes package
// state, so tests that switch must not be parallel.
var kernels = kernelswitch.Kernels[kernel]{
	Available: available,
	Active:    &active,
	Name:      func(k kernel) string { return k.name },
	Env:       envKernel,
}

// TestAvailable checks the kernel list and that Available agrees with the active kernel.
func TestAvailable(t *testing.T) {
	names := kernels.Names()
	if names[len(names)-1] != "generic" {
		t.Fatalf("available kernels %v: generic is not last", names)
	}
	if len(archKernels()) == 0 && len(names) != 1 {
		t.Fatalf("no arch kernels, yet available = %v", names)
	}
	if got, want := Available(), Kernel() == "sha-ni"; got != want {
		t.Fatalf("Available() = %v with kernel %q", got, Kernel())
	}
	kernels.Set(t, "generic")
	if Available() {
		t.Fatal("Available() = true with the generic kernel")
	}
}

// TestEnvOverride starts this test binary again with OSSRESUME_SHA256X2 set to each available
// kernel name and to an unknown name, and checks the kernel the child chose at start.
func TestEnvOverride(t *testing.T) { kernels.CheckEnvOverride(t) }

// TestEnvChild is the child side of TestEnvOverride, and checks the choice made at start in
// any run: the kernel OSSRESUME_SHA256X2 names if this CPU has it, else the fastest.
func TestEnvChild(t *testing.T) { kernels.CheckEnvChild(t, Kernel()) }
