package oss

import "testing"

// OSS names the endpoint to use when a bucket is addressed through another region's; the error
// keeps it (the v1 SDK's ServiceError.Endpoint reads it).
func TestParseErrorEndpoint(t *testing.T) {
	body := `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code>` +
		`<Message>The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.</Message>` +
		`<RequestId>R9</RequestId><HostId>b.oss-cn-hangzhou.aliyuncs.com</HostId><Bucket>b</Bucket>` +
		`<Endpoint>oss-cn-beijing.aliyuncs.com</Endpoint><EC>0003-00000001</EC></Error>`
	e := parseError("InitiateMultipartUpload", 403, nil, []byte(body))
	if e.Code != "AccessDenied" || e.Endpoint != "oss-cn-beijing.aliyuncs.com" || e.RequestID != "R9" {
		t.Fatalf("%+v", e)
	}
	if e := parseError("PutObject", 404, nil, []byte(`<Error><Code>NoSuchBucket</Code></Error>`)); e.Endpoint != "" {
		t.Fatalf("Endpoint %q from a body without one", e.Endpoint)
	}
}
