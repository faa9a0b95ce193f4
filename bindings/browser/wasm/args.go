//go:build js

package main

import (
	"math"
	"strconv"
	"syscall/js"
)

// Readers of the page's argument objects. A field that is absent (undefined or null) takes its
// zero value, which the core reads as its default; one of the wrong type is refused, named.

func absent(v js.Value) bool { return v.IsUndefined() || v.IsNull() }

func argString(o js.Value, name string) (string, error) {
	v := o.Get(name)
	switch {
	case absent(v):
		return "", nil
	case v.Type() == js.TypeString:
		return v.String(), nil
	}
	return "", badArg(name, "must be a string, not "+v.Type().String())
}

func argInt(o js.Value, name string) (int64, error) {
	v := o.Get(name)
	switch {
	case absent(v):
		return 0, nil
	case v.Type() == js.TypeBoolean:
		if v.Bool() {
			return 1, nil
		}
		return 0, nil
	case v.Type() == js.TypeNumber:
		f := v.Float()
		if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return 0, badArg(name, strconv.FormatFloat(f, 'g', -1, 64)+" is not an integer")
		}
		return int64(f), nil
	case v.Type() == js.TypeString: // 64-bit values may come as decimal strings
		n, err := strconv.ParseInt(v.String(), 10, 64)
		if err != nil {
			return 0, badArg(name, strconv.Quote(v.String())+" is not an integer")
		}
		return n, nil
	}
	return 0, badArg(name, "must be a number, not "+v.Type().String())
}

func argHandle(o js.Value, name string) (int, error) {
	n, err := argInt(o, name)
	if err != nil {
		return 0, err
	}
	if n <= 0 {
		return 0, badArg(name, "missing or not a handle")
	}
	return int(n), nil
}

func argStrings(o js.Value, name string) ([]string, error) {
	v := o.Get(name)
	if absent(v) {
		return nil, nil
	}
	if !js.Global().Get("Array").Call("isArray", v).Bool() {
		return nil, badArg(name, "must be an array of \"Name: value\" strings")
	}
	out := make([]string, v.Length())
	for i := range out {
		e := v.Index(i)
		if e.Type() != js.TypeString {
			return nil, badArg(name+"["+strconv.Itoa(i)+"]", "must be a string")
		}
		out[i] = e.String()
	}
	return out, nil
}
