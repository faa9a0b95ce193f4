package compat

import (
	"reflect"
	"testing"

	osdk "github.com/aliyun/aliyun-oss-go-sdk/oss"
	ours "github.com/ossresume/ossresume/bindings/go/oss"
)

// The drop-in package bindings/go/oss keeps the official v1 SDK's signatures: both packages are
// named oss, so a function's type prints the same in each exactly when a call written against
// one compiles against the other.
func TestV1DropInSignatures(t *testing.T) {
	pairs := []struct {
		name      string
		sdk, ours any
	}{
		{"New", osdk.New, ours.New},
		{"Client.Bucket", osdk.Client.Bucket, ours.Client.Bucket},
		{"Bucket.UploadFile", osdk.Bucket.UploadFile, ours.Bucket.UploadFile},
		{"Bucket.DownloadFile", osdk.Bucket.DownloadFile, ours.Bucket.DownloadFile},
		{"NewEnvironmentVariableCredentialsProvider", osdk.NewEnvironmentVariableCredentialsProvider, ours.NewEnvironmentVariableCredentialsProvider},
		{"(*EnvironmentVariableCredentialsProvider).GetCredentials", (*osdk.EnvironmentVariableCredentialsProvider).GetCredentials, (*ours.EnvironmentVariableCredentialsProvider).GetCredentials},
		{"Region", osdk.Region, ours.Region},
		{"CloudBoxId", osdk.CloudBoxId, ours.CloudBoxId},
		{"AuthVersion", osdk.AuthVersion, ours.AuthVersion},
		{"AdditionalHeaders", osdk.AdditionalHeaders, ours.AdditionalHeaders},
		{"SetCredentialsProvider", osdk.SetCredentialsProvider, ours.SetCredentialsProvider},
		{"SecurityToken", osdk.SecurityToken, ours.SecurityToken},
		{"Timeout", osdk.Timeout, ours.Timeout},
		{"UseCname", osdk.UseCname, ours.UseCname},
		{"ForcePathStyle", osdk.ForcePathStyle, ours.ForcePathStyle},
		{"Proxy", osdk.Proxy, ours.Proxy},
		{"AuthProxy", osdk.AuthProxy, ours.AuthProxy},
		{"InsecureSkipVerify", osdk.InsecureSkipVerify, ours.InsecureSkipVerify},
		{"UserAgent", osdk.UserAgent, ours.UserAgent},
		{"HTTPClient", osdk.HTTPClient, ours.HTTPClient},
		{"EnableCRC", osdk.EnableCRC, ours.EnableCRC},
		{"SetLogLevel", osdk.SetLogLevel, ours.SetLogLevel},
		{"SetLogger", osdk.SetLogger, ours.SetLogger},
		{"Routines", osdk.Routines, ours.Routines},
		{"Checkpoint", osdk.Checkpoint, ours.Checkpoint},
		{"CheckpointDir", osdk.CheckpointDir, ours.CheckpointDir},
		{"Progress", osdk.Progress, ours.Progress},
		{"WithContext", osdk.WithContext, ours.WithContext},
		{"GetResponseHeader", osdk.GetResponseHeader, ours.GetResponseHeader},
		{"CallbackResult", osdk.CallbackResult, ours.CallbackResult},
		{"ContentType", osdk.ContentType, ours.ContentType},
		{"CacheControl", osdk.CacheControl, ours.CacheControl},
		{"ContentDisposition", osdk.ContentDisposition, ours.ContentDisposition},
		{"ContentEncoding", osdk.ContentEncoding, ours.ContentEncoding},
		{"ContentLanguage", osdk.ContentLanguage, ours.ContentLanguage},
		{"Expires", osdk.Expires, ours.Expires},
		{"Meta", osdk.Meta, ours.Meta},
		{"ObjectACL", osdk.ObjectACL, ours.ObjectACL},
		{"ObjectStorageClass", osdk.ObjectStorageClass, ours.ObjectStorageClass},
		{"ServerSideEncryption", osdk.ServerSideEncryption, ours.ServerSideEncryption},
		{"ServerSideEncryptionKeyID", osdk.ServerSideEncryptionKeyID, ours.ServerSideEncryptionKeyID},
		{"ServerSideDataEncryption", osdk.ServerSideDataEncryption, ours.ServerSideDataEncryption},
		{"ForbidOverWrite", osdk.ForbidOverWrite, ours.ForbidOverWrite},
		{"Callback", osdk.Callback, ours.Callback},
		{"CallbackVar", osdk.CallbackVar, ours.CallbackVar},
		{"SetTagging", osdk.SetTagging, ours.SetTagging},
		{"SetHeader", osdk.SetHeader, ours.SetHeader},
		{"ServiceError.Error", osdk.ServiceError.Error, ours.ServiceError.Error},
		{"CRCCheckError.Error", osdk.CRCCheckError.Error, ours.CRCCheckError.Error},
	}
	for _, p := range pairs {
		if a, b := reflect.TypeOf(p.sdk).String(), reflect.TypeOf(p.ours).String(); a != b {
			t.Errorf("%s: official %s, ours %s", p.name, a, b)
		}
	}
}

// Interfaces users implement have the same methods; structs users read have v1's fields with
// v1's types (ours may have more); constants have v1's values.
func TestV1DropInTypes(t *testing.T) {
	ifaces := []struct{ sdk, ours reflect.Type }{
		{reflect.TypeFor[osdk.Credentials](), reflect.TypeFor[ours.Credentials]()},
		{reflect.TypeFor[osdk.CredentialsProvider](), reflect.TypeFor[ours.CredentialsProvider]()},
		{reflect.TypeFor[osdk.CredentialsProviderE](), reflect.TypeFor[ours.CredentialsProviderE]()},
		{reflect.TypeFor[osdk.ProgressListener](), reflect.TypeFor[ours.ProgressListener]()},
	}
	for _, p := range ifaces {
		if p.sdk.NumMethod() != p.ours.NumMethod() {
			t.Errorf("%v: %d methods, official %d", p.ours, p.ours.NumMethod(), p.sdk.NumMethod())
		}
		for i := range p.sdk.NumMethod() {
			m := p.sdk.Method(i)
			o, ok := p.ours.MethodByName(m.Name)
			if !ok || o.Type.String() != m.Type.String() {
				t.Errorf("%v.%s: official %v, ours %v", p.ours, m.Name, m.Type, o.Type)
			}
		}
	}
	structs := []struct{ sdk, ours reflect.Type }{
		{reflect.TypeFor[osdk.ProgressEvent](), reflect.TypeFor[ours.ProgressEvent]()},
		{reflect.TypeFor[osdk.ServiceError](), reflect.TypeFor[ours.ServiceError]()},
		{reflect.TypeFor[osdk.Bucket](), reflect.TypeFor[ours.Bucket]()},
		{reflect.TypeFor[osdk.Tagging](), reflect.TypeFor[ours.Tagging]()},
		{reflect.TypeFor[osdk.Tag](), reflect.TypeFor[ours.Tag]()},
	}
	for _, p := range structs {
		for i := range p.sdk.NumField() {
			f := p.sdk.Field(i)
			if !f.IsExported() || f.Name == "XMLName" {
				continue
			}
			o, ok := p.ours.FieldByName(f.Name)
			if !ok || o.Type.String() != f.Type.String() {
				t.Errorf("%v.%s: official %v, ours %v (present %v)", p.ours, f.Name, f.Type, o.Type, ok)
			}
		}
	}
	consts := []struct {
		name      string
		sdk, ours any
	}{
		{"TransferStartedEvent", int(osdk.TransferStartedEvent), int(ours.TransferStartedEvent)},
		{"TransferDataEvent", int(osdk.TransferDataEvent), int(ours.TransferDataEvent)},
		{"TransferCompletedEvent", int(osdk.TransferCompletedEvent), int(ours.TransferCompletedEvent)},
		{"TransferFailedEvent", int(osdk.TransferFailedEvent), int(ours.TransferFailedEvent)},
		{"AuthV1", string(osdk.AuthV1), string(ours.AuthV1)},
		{"AuthV2", string(osdk.AuthV2), string(ours.AuthV2)},
		{"AuthV4", string(osdk.AuthV4), string(ours.AuthV4)},
		{"ACLPrivate", string(osdk.ACLPrivate), string(ours.ACLPrivate)},
		{"ACLPublicRead", string(osdk.ACLPublicRead), string(ours.ACLPublicRead)},
		{"ACLPublicReadWrite", string(osdk.ACLPublicReadWrite), string(ours.ACLPublicReadWrite)},
		{"ACLDefault", string(osdk.ACLDefault), string(ours.ACLDefault)},
		{"StorageStandard", string(osdk.StorageStandard), string(ours.StorageStandard)},
		{"StorageIA", string(osdk.StorageIA), string(ours.StorageIA)},
		{"StorageArchive", string(osdk.StorageArchive), string(ours.StorageArchive)},
		{"StorageColdArchive", string(osdk.StorageColdArchive), string(ours.StorageColdArchive)},
		{"StorageDeepColdArchive", string(osdk.StorageDeepColdArchive), string(ours.StorageDeepColdArchive)},
		{"MinPartSize", int64(osdk.MinPartSize), int64(ours.MinPartSize)},
		{"MaxPartSize", int64(osdk.MaxPartSize), int64(ours.MaxPartSize)},
		{"CheckpointFileSuffix", osdk.CheckpointFileSuffix, ours.CheckpointFileSuffix},
		{"LogOff", osdk.LogOff, ours.LogOff},
		{"Error", osdk.Error, ours.Error},
		{"Warn", osdk.Warn, ours.Warn},
		{"Info", osdk.Info, ours.Info},
		{"Debug", osdk.Debug, ours.Debug},
	}
	for _, c := range consts {
		if c.sdk != c.ours {
			t.Errorf("%s: official %v, ours %v", c.name, c.sdk, c.ours)
		}
	}
}
