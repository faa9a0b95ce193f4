// Compile-time agreement of the object and bucket calls' Go export and its C declaration (see
// exports_check.c).

#include "_cgo_export.h"
#include "sdk_object_bridge.h"
