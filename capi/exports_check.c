// Compile-time agreement of the Go exports and the C declarations: cgo writes the exports'
// prototypes into _cgo_export.h, bridge.h declares what the C half calls. Any difference in a
// parameter or result type is a "conflicting types" error here, so the library cannot build.
// (Every C file of the library includes the public headers through internal.h, so the public
// declarations are likewise checked against their definitions.)

#include "_cgo_export.h"
#include "bridge.h"
