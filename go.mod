module github.com/ossresume/ossresume

go 1.26.0

require (
	github.com/klauspost/cpuid/v2 v2.4.2
	golang.org/x/sys v0.49.0
)

require github.com/minio/sha256-simd v1.0.1
