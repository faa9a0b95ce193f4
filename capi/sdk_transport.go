package main

/*
#include "bridge.h"
*/
import "C"

import (
	"sync"

	"github.com/ossresume/ossresume/core/oss"
)

// The C SDK has no client object, so each oss_resumable_upload_file call builds a client; they
// share one transport per transport-relevant configuration (oss.TransportKey: endpoint,
// timeouts, buffers, proxy, CA, TLS verification; never credentials), so that a legacy tool
// calling once per file reuses kept-alive connections and TLS sessions instead of paying a
// TCP and TLS handshake per file. aos_http_io_deinitialize forgets them all.
var transports struct {
	mu sync.Mutex
	m  map[oss.TransportKey]sharedEntry
}

// sharedEntry is a shared transport and the state of the CA files it read (oss.CAStamp): a
// call that finds them changed builds a new one, which checks them again, so that a CA file
// or directory made unusable is still refused by name before any traffic.
type sharedEntry struct {
	st    *oss.SharedTransport
	stamp string
}

// sharedClient returns a client for cfg on the process's shared transport for cfg's key, and
// the function to call when the call is done with it.
func sharedClient(cfg oss.Config) (*oss.Client, func(), error) {
	key, stamp := oss.KeyOf(cfg), oss.CAStamp(cfg)
	transports.mu.Lock()
	e, ok := transports.m[key]
	if !ok || e.stamp != stamp {
		// Built under the lock: concurrent first calls must not each build (and leak) one.
		st, err := oss.NewSharedTransport(cfg)
		if err != nil {
			transports.mu.Unlock()
			return nil, nil, err
		}
		if ok {
			e.st.CloseIdleConnections() // its calls still running close theirs when they end
		}
		if transports.m == nil {
			transports.m = make(map[oss.TransportKey]sharedEntry)
		}
		e = sharedEntry{st: st, stamp: stamp}
		transports.m[key] = e
	}
	transports.mu.Unlock()
	st := e.st
	client, err := oss.NewShared(cfg, st)
	if err != nil {
		return nil, nil, err
	}
	done := func() {
		client.Close()
		transports.mu.Lock()
		forgotten := transports.m[key].st != st
		transports.mu.Unlock()
		if forgotten {
			// Released or replaced while this call ran: its connections went back to a
			// transport nobody will use again.
			st.CloseIdleConnections()
		}
	}
	return client, done, nil
}

// ossr_go_release_transports forgets the shared transports and closes their idle connections;
// calls running now close theirs when they end (sharedClient's done).
//
//export ossr_go_release_transports
func ossr_go_release_transports() {
	transports.mu.Lock()
	m := transports.m
	transports.m = nil
	transports.mu.Unlock()
	for _, e := range m {
		e.st.CloseIdleConnections()
	}
}
