package ossemu

import (
	_ "embed"
	"encoding/json"
)

// The test fixture: the one key pair, STS token, bucket and region every harness (Go, C,
// Python, Node, ali-oss) starts ossemu with, kept in fixture.json so that every language reads
// the same values. `ossemu --fixture` (or Options.WithFixture) serves them; the base URL is the
// first line ossemu prints. See README.md, "ossemu".
//
//go:embed fixture.json
var fixtureJSON []byte

// FixtureValues are the fixture's credentials and names.
type FixtureValues struct {
	AccessKeyID     string `json:"accessKeyId"`
	AccessKeySecret string `json:"accessKeySecret"`
	STSToken        string `json:"stsToken"`
	Bucket          string `json:"bucket"`
	Region          string `json:"region"`
}

// Fixture holds the values of fixture.json.
var Fixture = func() FixtureValues {
	var f FixtureValues
	if err := json.Unmarshal(fixtureJSON, &f); err != nil {
		panic("ossemu: fixture.json: " + err.Error())
	}
	return f
}()

// WithFixture returns opts with the fixture's key, STS token and bucket added.
func (opts Options) WithFixture() Options {
	f := Fixture
	opts.Keys = append(append([]Key(nil), opts.Keys...), Key{ID: f.AccessKeyID, Secret: f.AccessKeySecret})
	opts.STSTokens = append(append([]string(nil), opts.STSTokens...), f.STSToken)
	opts.Buckets = append(append([]string(nil), opts.Buckets...), f.Bucket)
	return opts
}
