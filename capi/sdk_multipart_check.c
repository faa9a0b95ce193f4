// Compile-time agreement of the manual multipart calls' Go export and its C declaration (see
// exports_check.c).

#include "_cgo_export.h"
#include "sdk_multipart_bridge.h"
