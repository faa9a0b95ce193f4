package main

/*
#cgo CFLAGS: -I${SRCDIR}/../include -Wall -Wextra -Wno-unused-parameter -gdwarf-4
*/
import "C"

// main is required by -buildmode=c-shared and never runs.
func main() {}
