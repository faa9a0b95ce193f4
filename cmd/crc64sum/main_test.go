package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSumOf(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, []byte("123456789"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := sumOf(p)
	if err != nil || got != 0x995DC9BBDF1939FA {
		t.Fatalf("sumOf = %#x, %v; want the CRC-64/XZ check value 0x995DC9BBDF1939FA", got, err)
	}
	if _, err := sumOf(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("sumOf of a missing file: no error")
	}
}
