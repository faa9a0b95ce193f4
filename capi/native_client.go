package main

/*
#include "native_bridge.h"
*/
import "C"

import (
	"os"
	"strconv"
	"time"
	"unsafe"

	"github.com/ossresume/ossresume/core/oss"
)

// nativeClient is what an ossr_client stands for. *oss.Client is safe for concurrent use, so
// one nativeClient serves any number of uploads on any threads.
type nativeClient struct {
	api      *oss.Client
	cred     *swapCredentials // nil when the credentials come from the environment
	endpoint string
	retries  int // the uploads' default: 0 the engine's, negative none
}

// newNativeClient reads a full-size copy of ossr_client_options and builds the client; every
// check happens here, none needs the network.
func newNativeClient(o *C.ossr_client_options) (*nativeClient, error) {
	var cred *swapCredentials
	cfg := oss.Config{
		Endpoint:   cString(o.endpoint),
		Region:     cString(o.region),
		CloudBoxID: cString(o.cloudbox_id),
		CNAME:      o.cname != 0,
		PathStyle:  o.path_style != 0,
		CAFile:     cString(o.ca_file),
		Proxy:      cString(o.proxy),
		UserAgent:  cString(o.user_agent),

		InsecureSkipVerify: o.tls_skip_verify != 0,
	}
	if cfg.Endpoint == "" {
		return nil, badArg("endpoint", "is NULL or empty: set it to the OSS endpoint, e.g. \"https://oss-cn-hangzhou.aliyuncs.com\"")
	}
	switch v := int(o.signature_version); v {
	case 0, 1, 4:
		cfg.SignatureVersion = v
	default:
		return nil, badArg("signature_version", strconv.Itoa(v)+" is not 1 or 4 (0 means 4)")
	}
	if o.access_key_id != nil {
		id, secret := cString(o.access_key_id), cString(o.access_key_secret)
		if id == "" {
			return nil, badArg("access_key_id", "is empty: set it, or leave it NULL to read OSS_ACCESS_KEY_ID from the environment")
		}
		if secret == "" {
			return nil, badArg("access_key_secret", "is NULL or empty while access_key_id is set")
		}
		cred = newSwapCredentials(id, secret, cString(o.security_token))
		cfg.Credentials = cred
	} else if o.access_key_secret != nil || o.security_token != nil {
		return nil, badArg("access_key_id", "is NULL (read from the environment) while access_key_secret or security_token is set")
	} else {
		cfg.Credentials = cEnvCredentials{}
	}
	var err error
	if cfg.ConnectTimeout, err = millis("connect_timeout_ms", o.connect_timeout_ms); err != nil {
		return nil, err
	}
	if cfg.ReadWriteTimeout, err = millis("read_write_timeout_ms", o.read_write_timeout_ms); err != nil {
		return nil, err
	}
	// speed_limit and speed_time_ms were appended: native.c zeroes them (the defaults) for a
	// caller passing the older size. Negative turns the limit off, as the client core reads it.
	cfg.SpeedLimit = int64(o.speed_limit)
	cfg.SpeedTime = time.Duration(o.speed_time_ms) * time.Millisecond
	if cfg.CAFile != "" {
		// Named here, not as a transport failure at the first request.
		if _, err := os.Stat(cfg.CAFile); err != nil {
			return nil, badArg("ca_file", err.Error())
		}
	}
	// ca_path was appended to the struct: a caller built against the header before it passes
	// a size that ends where it begins, and the bytes past that size are not the caller's.
	if uintptr(o.size) >= unsafe.Offsetof(o.ca_path)+unsafe.Sizeof(o.ca_path) {
		cfg.CAPath = cString(o.ca_path)
	}
	if cfg.CAPath != "" {
		// Stat follows links, so a linked directory passes; a directory without a certificate
		// is named by the transport's own check (CAPath maps to ca_path).
		fi, err := os.Stat(cfg.CAPath)
		if err != nil {
			return nil, badArg("ca_path", err.Error())
		}
		if !fi.IsDir() {
			return nil, badArg("ca_path", cfg.CAPath+" is not a directory (a PEM bundle goes in ca_file)")
		}
	}
	api, err := oss.New(cfg)
	if err != nil {
		return nil, err
	}
	retries := int(o.retries)
	if retries < 0 {
		retries = -1
	}
	return &nativeClient{api: api, cred: cred, endpoint: cfg.Endpoint, retries: retries}, nil
}

func millis(field string, v C.int) (time.Duration, error) {
	if v < 0 {
		return 0, badArg(field, strconv.Itoa(int(v))+" is negative (0 takes the default)")
	}
	return time.Duration(v) * time.Millisecond, nil
}
