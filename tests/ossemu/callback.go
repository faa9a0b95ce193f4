package ossemu

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// callbackSpec is a decoded x-oss-callback (with x-oss-callback-var): after the object is
// written, OSS POSTs callbackBody to callbackUrl and returns the reply as its response body.
type callbackSpec struct {
	URLs     []string
	Host     string
	Body     string
	BodyType string
	Vars     map[string]string
}

func parseCallback(h http.Header) (*callbackSpec, *apiError) {
	raw := h.Get("x-oss-callback")
	if raw == "" {
		return nil, nil
	}
	bad := errorf(400, "InvalidArgument", "The callback configuration is not json format.").with("ArgumentName", "x-oss-callback")
	data, err := base64.StdEncoding.DecodeString(raw)
	if err != nil {
		return nil, bad
	}
	var cfg struct {
		CallbackURL      string `json:"callbackUrl"`
		CallbackHost     string `json:"callbackHost"`
		CallbackBody     string `json:"callbackBody"`
		CallbackBodyType string `json:"callbackBodyType"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		return nil, bad
	}
	if cfg.CallbackURL == "" || cfg.CallbackBody == "" {
		return nil, errorf(400, "InvalidArgument", "The callback configuration needs callbackUrl and callbackBody.").with("ArgumentName", "x-oss-callback")
	}
	cb := &callbackSpec{Host: cfg.CallbackHost, Body: cfg.CallbackBody, BodyType: cfg.CallbackBodyType, Vars: map[string]string{}}
	if cb.BodyType == "" {
		cb.BodyType = "application/x-www-form-urlencoded"
	}
	for _, u := range strings.Split(cfg.CallbackURL, ";") {
		if u = strings.TrimSpace(u); u != "" {
			if !strings.Contains(u, "://") {
				u = "http://" + u
			}
			cb.URLs = append(cb.URLs, u)
		}
	}
	if v := h.Get("x-oss-callback-var"); v != "" {
		data, err := base64.StdEncoding.DecodeString(v)
		if err != nil || json.Unmarshal(data, &cb.Vars) != nil {
			return nil, errorf(400, "InvalidArgument", "The callback variables are not json format.").with("ArgumentName", "x-oss-callback-var")
		}
	}
	return cb, nil
}

// render substitutes ${bucket}, ${object}, ${etag}, ${size}, ${mimeType}, ${crc64},
// ${contentMd5} and ${x:var}; values are URL-encoded in a form body.
func (cb *callbackSpec) render(bucket string, obj *objectMeta) string {
	vals := map[string]string{
		"bucket": bucket, "object": obj.Key, "etag": strings.Trim(obj.ETag, "\""),
		"size": strconv.FormatInt(obj.Size, 10), "mimeType": obj.Header["Content-Type"],
		"crc64": strconv.FormatUint(obj.CRC, 10), "contentMd5": obj.MD5,
	}
	for k, v := range cb.Vars {
		vals[k] = v
	}
	form := strings.HasPrefix(cb.BodyType, "application/x-www-form-urlencoded")
	var out strings.Builder
	body := cb.Body
	for {
		i := strings.Index(body, "${")
		j := strings.Index(body[max(i, 0):], "}")
		if i < 0 || j < 0 {
			out.WriteString(body)
			return out.String()
		}
		out.WriteString(body[:i])
		v := vals[body[i+2:i+j]]
		if form {
			v = url.QueryEscape(v)
		}
		out.WriteString(v)
		body = body[i+j+1:]
	}
}

// loopbackOnly refuses to dial anything but loopback: the emulator never reaches outside.
func loopbackOnly(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	ips, err := net.DefaultResolver.LookupIP(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return nil, &net.AddrError{Err: "ossemu calls back loopback addresses only", Addr: addr}
		}
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

// runCallback posts the callback and answers with its reply, or with 203 CallbackFailed (the
// object stays written, as on OSS).
func (s *Server) runCallback(w http.ResponseWriter, r *http.Request, rc *reqCtx, cb *callbackSpec, obj *objectMeta, bucket string) *apiError {
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DialContext: loopbackOnly}}
	defer client.CloseIdleConnections()
	body := cb.render(bucket, obj)
	why := "no callback URL answered"
	for _, u := range cb.URLs {
		req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, u, strings.NewReader(body))
		if err != nil {
			why = err.Error()
			continue
		}
		req.Header.Set("Content-Type", cb.BodyType)
		if cb.Host != "" {
			req.Host = cb.Host
		}
		resp, err := client.Do(req)
		if err != nil {
			why = err.Error()
			continue
		}
		reply, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		switch {
		case err != nil:
			why = err.Error()
		case resp.StatusCode != http.StatusOK:
			why = "Error status : " + strconv.Itoa(resp.StatusCode) + "."
		case len(bytes.TrimSpace(reply)) > 0 && !json.Valid(reply):
			why = "Response body is not valid json format."
		default:
			ct := resp.Header.Get("Content-Type")
			if ct == "" {
				ct = "application/json"
			}
			w.Header().Set("Content-Type", ct)
			w.Header().Set("Content-Length", strconv.Itoa(len(reply)))
			w.WriteHeader(http.StatusOK)
			w.Write(reply)
			return nil
		}
	}
	e := errorf(203, "CallbackFailed", why)
	e.Header = http.Header{"ETag": {obj.ETag}, "X-Oss-Hash-Crc64ecma": {rc.crcHeader(obj.CRC)}}
	return e
}
