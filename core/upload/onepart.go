package upload

// OnePartThreshold is the Options.PutThreshold that sends a file fitting in one part of
// partSize bytes (0: DefaultPartSize) as one PutObject, as oss2 and the v2 SDKs' uploaders send
// a file below one part. A one-part multipart upload has nothing to resume that one PutObject
// lacks (its one part is resent whole either way), yet costs Initiate and Complete besides: three
// round trips and a checkpoint record per file where one request does, which is most of the
// time of a loop over many small files. The PutObject is CRC-64 checked as a part is.
//
// A partSize outside MinPartSize..MaxPartSize gives 0 (multipart only), so that the part size
// stays the option refused by name. At MaxPartSize the threshold stops one byte short of a
// whole part, PutThreshold's own limit.
func OnePartThreshold(partSize int64) int64 {
	if partSize == 0 {
		partSize = DefaultPartSize
	}
	if partSize < MinPartSize || partSize > MaxPartSize {
		return 0
	}
	return min(partSize+1, MaxPartSize)
}
