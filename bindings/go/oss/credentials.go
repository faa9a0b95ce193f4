package oss

import (
	"context"
	"errors"
	"os"

	core "github.com/ossresume/ossresume/core/oss"
)

// Credentials is one access key pair with an optional STS token, as a provider yields it.
type Credentials interface {
	GetAccessKeyID() string
	GetAccessKeySecret() string
	GetSecurityToken() string
}

// CredentialsProvider yields the credentials for a request. It is asked before every request, so
// a provider that rotates STS credentials takes effect mid-upload.
type CredentialsProvider interface {
	GetCredentials() Credentials
}

// CredentialsProviderE is a provider that can fail; its error ends the upload before the request
// is sent.
type CredentialsProviderE interface {
	CredentialsProvider
	GetCredentialsE() (Credentials, error)
}

type staticCredentials struct{ id, secret, token string }

func (c *staticCredentials) GetAccessKeyID() string     { return c.id }
func (c *staticCredentials) GetAccessKeySecret() string { return c.secret }
func (c *staticCredentials) GetSecurityToken() string   { return c.token }

// EnvironmentVariableCredentialsProvider yields the OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and
// OSS_SESSION_TOKEN read by NewEnvironmentVariableCredentialsProvider; its zero value reads them
// at each request.
type EnvironmentVariableCredentialsProvider struct {
	cred Credentials
}

// NewEnvironmentVariableCredentialsProvider reads the credentials from the environment once and
// fails when the key id or secret is missing. Pass its address to SetCredentialsProvider.
func NewEnvironmentVariableCredentialsProvider() (EnvironmentVariableCredentialsProvider, error) {
	c := envCredentials()
	switch {
	case c.id == "":
		return EnvironmentVariableCredentialsProvider{}, errors.New("oss: OSS_ACCESS_KEY_ID is not set in the environment")
	case c.secret == "":
		return EnvironmentVariableCredentialsProvider{}, errors.New("oss: OSS_ACCESS_KEY_SECRET is not set in the environment")
	}
	return EnvironmentVariableCredentialsProvider{cred: c}, nil
}

// GetCredentials returns the credentials read when the provider was made, or for a zero
// provider the environment's current ones.
func (p *EnvironmentVariableCredentialsProvider) GetCredentials() Credentials {
	if p.cred == nil {
		return envCredentials()
	}
	return p.cred
}

func envCredentials() *staticCredentials {
	return &staticCredentials{os.Getenv("OSS_ACCESS_KEY_ID"), os.Getenv("OSS_ACCESS_KEY_SECRET"), os.Getenv("OSS_SESSION_TOKEN")}
}

type staticProvider struct{ cred *staticCredentials }

func (p staticProvider) GetCredentials() Credentials { return p.cred }

// NewStaticCredentialsProvider returns a provider of fixed credentials; the optional token is an
// STS security token. Not in the v1 SDK (its equivalent is New's key arguments); the v2 SDK's
// credentials package has a function of this name and shape.
func NewStaticCredentialsProvider(accessKeyID, accessKeySecret string, securityToken ...string) CredentialsProvider {
	c := &staticCredentials{id: accessKeyID, secret: accessKeySecret}
	if len(securityToken) > 0 {
		c.token = securityToken[0]
	}
	return staticProvider{c}
}

// providerBridge lets the engine ask a v1 provider for credentials at each request.
type providerBridge struct{ p CredentialsProvider }

func (b providerBridge) Credentials(context.Context) (core.Credentials, error) {
	var c Credentials
	if pe, ok := b.p.(CredentialsProviderE); ok {
		var err error
		if c, err = pe.GetCredentialsE(); err != nil {
			return core.Credentials{}, err
		}
	} else {
		c = b.p.GetCredentials()
	}
	if c == nil || c.GetAccessKeyID() == "" || c.GetAccessKeySecret() == "" {
		return core.Credentials{}, &core.ArgumentError{Field: "credentials",
			Reason: "the access key id and secret must both be set (New's arguments or SetCredentialsProvider)"}
	}
	return core.Credentials{AccessKeyID: c.GetAccessKeyID(), AccessKeySecret: c.GetAccessKeySecret(),
		SecurityToken: c.GetSecurityToken()}, nil
}
