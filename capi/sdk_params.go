package main

import (
	"net/http"
	"strconv"
	"strings"
)

// paramPartSHA256 is include/oss_api.h's OSSR_PARAM_PART_SHA256: the one entry of
// oss_resumable_upload_file's params table that this library reads (the official SDK ignores
// the whole table, so a program that sets it still runs there, without the fingerprint).
const paramPartSHA256 = "ossresume-part-sha256"

// partSHA256Param reads OSSR_PARAM_PART_SHA256 from the params table: "1" or "true" turns
// part SHA-256 on, "0", "false" or no entry leaves CRC-64 alone; anything else is refused by
// name, so a typo never silently drops what the caller asked for.
func partSHA256Param(params http.Header) (bool, error) {
	vals := params.Values(paramPartSHA256)
	if len(vals) == 0 {
		return false, nil
	}
	switch v := strings.ToLower(strings.TrimSpace(vals[len(vals)-1])); v {
	case "1", "true":
		return true, nil
	case "0", "false":
		return false, nil
	}
	return false, badArg("params", "OSSR_PARAM_PART_SHA256 ("+paramPartSHA256+") wants 1, true, 0 or false, got "+
		strconv.Quote(vals[len(vals)-1]))
}
