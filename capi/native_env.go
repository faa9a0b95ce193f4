package main

/*
#include <stdlib.h>
*/
import "C"

import (
	"context"
	"unsafe"

	"github.com/ossresume/ossresume/core/oss"
)

// cEnvCredentials reads OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN with
// C's getenv at each request. Go's os.Getenv would not do: the Go runtime copies the
// environment once when the library loads, so a host that sets the variables afterwards
// (setenv in C, os.environ in Python, process.env in Node) would never be seen.
type cEnvCredentials struct{}

func (cEnvCredentials) Credentials(context.Context) (oss.Credentials, error) {
	c := oss.Credentials{
		AccessKeyID:     cGetenv("OSS_ACCESS_KEY_ID"),
		AccessKeySecret: cGetenv("OSS_ACCESS_KEY_SECRET"),
		SecurityToken:   cGetenv("OSS_SESSION_TOKEN"),
	}
	if c.AccessKeyID == "" || c.AccessKeySecret == "" {
		return oss.Credentials{}, &oss.ArgumentError{Field: "credentials",
			Reason: "OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET must be set in the environment (or access_key_id and access_key_secret in ossr_client_options)"}
	}
	return c, nil
}

func cGetenv(name string) string {
	n := C.CString(name)
	defer C.free(unsafe.Pointer(n))
	return cString(C.getenv(n))
}
