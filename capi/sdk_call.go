package main

/*
#include "bridge.h"
*/
import "C"

import (
	"net/http"
	"unsafe"

	"github.com/ossresume/ossresume/core/oss"
)

// What every C SDK call beside the resumable upload shares: a client for the caller's options
// (on the shared transport, as oss_resumable_upload_file's), its status filled through the one
// table (sdk_status.go), and response headers handed back in the caller's pool.

// sdkSession is one call's client and the settings it reads from the controller.
type sdkSession struct {
	client *oss.Client
	crc    bool // ctl->options->enable_crc: compare CRC-64s where the official SDK does
	done   func()
}

// openSession reads options->config and the controller's options into a client. It sends
// nothing: a bad endpoint or missing keys are refused here, by name.
func openSession(o *C.oss_request_options_t) (*sdkSession, error) {
	if o.config == nil {
		return nil, badArg("options->config", "NULL: make one with oss_config_create")
	}
	var cfg oss.Config
	creds := readConfig(o, &cfg)
	if err := oss.ValidateEndpoint(cfg.Endpoint); err != nil {
		return nil, err
	}
	if creds.AccessKeyID == "" {
		return nil, badArg("access_key_id", "The access key id is empty: set options->config->access_key_id (OSS_ACCESS_KEY_ID).")
	}
	if creds.AccessKeySecret == "" {
		return nil, badArg("access_key_secret", "The access key secret is empty: set options->config->access_key_secret (OSS_ACCESS_KEY_SECRET).")
	}
	client, done, err := sharedClient(cfg)
	if err != nil {
		return nil, err
	}
	return &sdkSession{client: client, crc: !crcDisabled(o), done: done}, nil
}

// readSDKHeaders copies a caller's header table, refusing what could not be sent as a header.
func readSDKHeaders(t *C.aos_table_t) (http.Header, error) {
	h := readTable(t)
	for k, vs := range h {
		for _, v := range vs {
			if err := oss.ValidateHeader(k, v); err != nil {
				return nil, err
			}
		}
	}
	return h, nil
}

// headerTable copies h into a table allocated in pool.
func headerTable(pool *C.aos_pool_t, h http.Header) *C.aos_table_t {
	t := C.ossr_table_make(pool, C.int(len(h)))
	if t == nil {
		return nil
	}
	for k, vs := range h {
		for _, v := range vs {
			C.ossr_table_add(t, pstr(pool, k), pstr(pool, v))
		}
	}
	return t
}

// setRespHeaders gives the caller a table whatever happened, as the official SDK does: the
// answer's headers, or for a failure the request id when a server answered (so that code
// reading *resp_headers after a failure never reads garbage).
func setRespHeaders(out **C.aos_table_t, pool *C.aos_pool_t, resp oss.Response, f *failure) {
	if out == nil {
		return
	}
	h := resp.Header
	if h == nil {
		h = http.Header{}
		if f != nil && f.requestID != "" {
			h.Set("x-oss-request-id", f.requestID)
		}
	}
	*out = headerTable(pool, h)
}

// setString points s at a copy of v in pool.
func setString(s *C.aos_string_t, pool *C.aos_pool_t, v string) {
	s.data = pstr(pool, v)
	s.len = C.int(len(v))
	if s.data == nil {
		s.len = 0
	}
}

// listNodes walks an aos_list_t, calling visit with each entry's node, refusing a list that
// was never initialised or does not end within limit entries (a corrupt list would otherwise
// loop forever).
func listNodes(head *C.aos_list_t, field string, limit int, visit func(i int, node unsafe.Pointer) error) error {
	if head == nil {
		return badArg(field, "NULL")
	}
	if head.next == nil || head.prev == nil {
		return badArg(field, "not initialised: call aos_list_init on it first")
	}
	i := 0
	for n := head.next; n != head; n = n.next {
		if n == nil {
			return badArg(field, "corrupt: an entry's next pointer is NULL")
		}
		if i >= limit {
			return badArg(field, "has more than the allowed entries, or does not lead back to its head")
		}
		if err := visit(i, unsafe.Pointer(n)); err != nil {
			return err
		}
		i++
	}
	return nil
}
