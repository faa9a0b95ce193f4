package crc64

import (
	"os"
	"testing"
)

// envExpectKernel names the kernel a run must have chosen at start. TestEnvChild cannot catch a
// kernel that detection or the build tags silently dropped, since it only checks the choice
// against the list this CPU reports; scripts/test-arm64.sh sets this so that such a run fails.
const envExpectKernel = "OSSRESUME_EXPECT_CRC64_KERNEL"

func TestExpectKernel(t *testing.T) {
	want := os.Getenv(envExpectKernel)
	if want == "" {
		t.Skip(envExpectKernel + " is not set")
	}
	if Kernel() != want {
		t.Fatalf("%s=%q: Kernel() = %q (available %v)", envExpectKernel, want, Kernel(), kernels.Names())
	}
}
