package ossemu

import (
	"crypto/rand"
	"encoding/base64"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

func decodeB64(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }

func randomData(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}
