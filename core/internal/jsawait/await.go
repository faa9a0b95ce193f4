//go:build js

// Package jsawait lets a goroutine wait for a JavaScript promise. The wait parks the goroutine
// on a channel, so the Go runtime hands control back to the JavaScript event loop, which
// settles the promise and runs the callback that fills the channel. The callback itself never
// blocks: a js.FuncOf that blocked would deadlock the one thread both run on.
package jsawait

import (
	"syscall/js"
)

// Error is a promise's rejection: a JavaScript exception's name ("TypeError",
// "NotReadableError", "QuotaExceededError", "AbortError", ...) and message.
type Error struct {
	Name, Message string
}

func (e *Error) Error() string {
	if e.Message == "" {
		return e.Name
	}
	return e.Name + ": " + e.Message
}

type settled struct {
	v   js.Value
	err error
}

// Await waits until p settles and returns its value or its rejection as an *Error. A value
// that is not a thenable is returned as it is.
func Await(p js.Value) (js.Value, error) {
	if p.Type() != js.TypeObject || p.Get("then").Type() != js.TypeFunction {
		return p, nil
	}
	ch := make(chan settled, 1)
	var onOK, onErr js.Func
	onOK = js.FuncOf(func(_ js.Value, args []js.Value) any {
		v := js.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		ch <- settled{v: v}
		return nil
	})
	onErr = js.FuncOf(func(_ js.Value, args []js.Value) any {
		v := js.Undefined()
		if len(args) > 0 {
			v = args[0]
		}
		ch <- settled{err: AsError(v)}
		return nil
	})
	p.Call("then", onOK, onErr)
	r := <-ch
	onOK.Release()
	onErr.Release()
	return r.v, r.err
}

// AsError turns a thrown JavaScript value into an *Error.
func AsError(v js.Value) *Error {
	if v.Type() != js.TypeObject {
		return &Error{Name: "Error", Message: v.String()}
	}
	e := &Error{Name: str(v.Get("name")), Message: str(v.Get("message"))}
	if e.Name == "" {
		e.Name = "Error"
	}
	return e
}

func str(v js.Value) string {
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}

// Try calls fn and returns a JavaScript exception it throws as an *Error (syscall/js panics
// with a js.Error for one).
func Try(fn func() js.Value) (v js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			if je, ok := r.(js.Error); ok {
				v, err = js.Undefined(), AsError(je.Value)
				return
			}
			panic(r)
		}
	}()
	return fn(), nil
}
