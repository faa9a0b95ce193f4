package bench

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"time"
)

// signV1 sets Date and a V1 Authorization on a request that carries no x-oss-* headers and no
// Content-MD5, which is all the raw baseline sends. resource is "/bucket/key" plus the signed
// sub-resources, sorted ("?partNumber=3&uploadId=..."), with the key unescaped.
func signV1(h http.Header, method, resource, keyID, secret string, now time.Time) {
	date := now.UTC().Format(http.TimeFormat)
	h.Set("Date", date)
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(method + "\n\n" + h.Get("Content-Type") + "\n" + date + "\n" + resource))
	h.Set("Authorization", "OSS "+keyID+":"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
}
