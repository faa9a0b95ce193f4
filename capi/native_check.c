// Compile-time agreement of the native API's Go exports with native_bridge.h (see
// exports_check.c for the C SDK-compatible half).

#include "_cgo_export.h"
#include "native_bridge.h"
