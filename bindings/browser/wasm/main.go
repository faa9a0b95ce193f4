//go:build js

// Command wasm is the engine of the browser package: core/upload and core/oss built for
// GOOS=js, run in a Web Worker (bindings/browser/worker.js boots it). It answers the Worker RPC
// of bindings/browser/ENGINE.md: the same options, results, errors and state as the native C
// API (include/ossresume.h), so the page's facade drives it as the Node facade drives koffi.
// It is a translator: JavaScript shapes in, upload.Options and oss.Config out; every rule is
// the core's.
package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"syscall/js"
)

// Handles of clients and uploads, as integers the page keeps.
var (
	mu      sync.Mutex
	nextID  = 1
	clients = map[int]*client{}
	uploads = map[int]*run{}
)

func register[T any](m map[int]T, v T) int {
	mu.Lock()
	defer mu.Unlock()
	id := nextID
	nextID++
	m[id] = v
	return id
}

func lookup[T any](m map[int]T, id int) (T, bool) {
	mu.Lock()
	defer mu.Unlock()
	v, ok := m[id]
	return v, ok
}

func drop[T any](m map[int]T, id int) {
	mu.Lock()
	defer mu.Unlock()
	delete(m, id)
}

// post sends one message to the page.
func post(msg map[string]any) {
	js.Global().Call("postMessage", js.ValueOf(msg))
}

// ops are the RPC's operations: each gets the message's args and returns the reply's value,
// or an error classified into the reply's error object.
var ops = map[string]func(ctx context.Context, args js.Value) (any, error){
	"client.new":             clientNew,
	"client.set_credentials": clientSetCredentials,
	"client.free":            clientFree,
	"upload.start":           uploadStart,
	"upload.state":           uploadState,
	"upload.wait":            uploadWait,
	"upload.cancel":          uploadCancel,
	"upload.free":            uploadFree,
	"multipart.abort":        multipartAbort,
	"multipart.list_parts":   multipartListParts,
	"multipart.list_uploads": multipartListUploads,
	"engine.stats":           engineStats,
}

// engineStats reports the engine's memory: sys is what the Go runtime took from the wasm
// linear memory (which never shrinks), heap_inuse what its heap holds now. For benches.
func engineStats(context.Context, js.Value) (any, error) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return map[string]any{"sys": int64(m.Sys), "heap_inuse": int64(m.HeapInuse), "heap_alloc": int64(m.HeapAlloc),
		"total_alloc": int64(m.TotalAlloc), "num_gc": int(m.NumGC), "goroutines": runtime.NumGoroutine()}, nil
}

// handle answers one message on its own goroutine: a js.FuncOf callback must never block.
func handle(msg js.Value) {
	id := msg.Get("id")
	reply := func(value any, err error) {
		if err != nil {
			post(map[string]any{"id": id, "ok": false, "error": errorObject(classify(err))})
			return
		}
		post(map[string]any{"id": id, "ok": true, "value": value})
	}
	defer func() {
		if r := recover(); r != nil {
			reply(nil, fmt.Errorf("internal error: %v", r))
		}
	}()
	op := msg.Get("op")
	if op.Type() != js.TypeString {
		reply(nil, badArg("op", "missing or not a string"))
		return
	}
	fn, ok := ops[op.String()]
	if !ok {
		reply(nil, badArg("op", fmt.Sprintf("%q is not an operation of this engine", op.String())))
		return
	}
	args := msg.Get("args")
	if args.Type() != js.TypeObject {
		args = js.Global().Get("Object").New()
	}
	reply(fn(context.Background(), args))
}

func main() {
	onMessage := js.FuncOf(func(_ js.Value, a []js.Value) any {
		if len(a) > 0 {
			go handle(a[0])
		}
		return nil
	})
	js.Global().Set("ossresumeHandle", onMessage)
	if started := js.Global().Get("ossresumeStarted"); started.Type() == js.TypeFunction {
		started.Invoke()
	}
	post(map[string]any{"event": "ready"})
	select {}
}
