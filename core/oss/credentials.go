package oss

import (
	"context"
	"os"
)

// String redacts the secret and the token, so credentials may be logged by mistake safely.
func (c Credentials) String() string {
	s := "Credentials{AccessKeyID: " + c.AccessKeyID + ", AccessKeySecret: " + redact(c.AccessKeySecret)
	if c.SecurityToken != "" {
		s += ", SecurityToken: " + redact(c.SecurityToken)
	}
	return s + "}"
}

// GoString covers %#v, which would otherwise print every field.
func (c Credentials) GoString() string { return c.String() }

func redact(s string) string {
	if s == "" {
		return `""`
	}
	return "<redacted>"
}

type staticProvider struct{ cred Credentials }

func (p staticProvider) Credentials(context.Context) (Credentials, error) {
	if p.cred.AccessKeyID == "" || p.cred.AccessKeySecret == "" {
		return Credentials{}, &ArgumentError{Field: "credentials", Reason: "access key id and secret must both be set"}
	}
	return p.cred, nil
}

// StaticCredentials returns a provider of fixed credentials; token may be empty.
func StaticCredentials(id, secret, token string) CredentialsProvider {
	return staticProvider{Credentials{AccessKeyID: id, AccessKeySecret: secret, SecurityToken: token}}
}

type envProvider struct{}

// EnvCredentials returns a provider that reads OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and
// OSS_SESSION_TOKEN from the environment at each request, as the official SDKs' environment
// provider does.
func EnvCredentials() CredentialsProvider { return envProvider{} }

func (envProvider) Credentials(context.Context) (Credentials, error) {
	c := Credentials{
		AccessKeyID:     os.Getenv("OSS_ACCESS_KEY_ID"),
		AccessKeySecret: os.Getenv("OSS_ACCESS_KEY_SECRET"),
		SecurityToken:   os.Getenv("OSS_SESSION_TOKEN"),
	}
	if c.AccessKeyID == "" || c.AccessKeySecret == "" {
		return Credentials{}, &ArgumentError{Field: "credentials",
			Reason: "OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET must be set in the environment"}
	}
	return c, nil
}
