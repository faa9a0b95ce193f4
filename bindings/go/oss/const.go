package oss

// ACLType is an object's (or bucket's) access control list, as the v1 SDK names it.
type ACLType string

// The ACLs ObjectACL takes.
const (
	ACLPrivate         ACLType = "private"
	ACLPublicRead      ACLType = "public-read"
	ACLPublicReadWrite ACLType = "public-read-write"
	ACLDefault         ACLType = "default" // the object inherits the bucket's ACL
)

// StorageClassType is an object's storage class.
type StorageClassType string

// The storage classes ObjectStorageClass takes.
const (
	StorageStandard        StorageClassType = "Standard"
	StorageIA              StorageClassType = "IA"
	StorageArchive         StorageClassType = "Archive"
	StorageColdArchive     StorageClassType = "ColdArchive"
	StorageDeepColdArchive StorageClassType = "DeepColdArchive"
)

// AuthVersionType is the request signature version.
type AuthVersionType string

// Signature versions. AuthV2 exists so that code naming it compiles, but New refuses it: the
// engine signs V1 and V4 only.
const (
	AuthV1 AuthVersionType = "v1"
	AuthV2 AuthVersionType = "v2"
	AuthV4 AuthVersionType = "v4"
)

// Part size limits of UploadFile, as in the v1 SDK.
const (
	MaxPartSize = 5 * 1024 * 1024 * 1024
	MinPartSize = 100 * 1024
)

// CheckpointFileSuffix ends the default checkpoint name, "<file>" + CheckpointFileSuffix.
const CheckpointFileSuffix = ".cp"

// Log levels for SetLogLevel, as in the v1 SDK.
const (
	LogOff = iota
	Error
	Warn
	Info
	Debug
)
