// Compile-time agreement of ossr_go_download with sdk_download_bridge.h (see exports_check.c).

#include "_cgo_export.h"
#include "sdk_download_bridge.h"
