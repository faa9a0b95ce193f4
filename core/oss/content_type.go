package oss

import "strings"

// contentTypes maps a key's extension (lower case, no dot) to the Content-Type the official
// SDKs default to. It is a fixed table rather than package mime, whose answers depend on the
// host's /etc/mime.types.
var contentTypes = map[string]string{
	"txt": "text/plain", "text": "text/plain", "log": "text/plain", "conf": "text/plain",
	"htm": "text/html", "html": "text/html", "shtml": "text/html", "css": "text/css",
	"csv": "text/csv", "xml": "text/xml", "md": "text/markdown",
	"js": "application/javascript", "json": "application/json",
	"pdf": "application/pdf", "zip": "application/zip", "gz": "application/x-gzip",
	"tgz": "application/x-compressed", "tar": "application/x-tar", "bz2": "application/x-bzip2",
	"7z": "application/x-7z-compressed", "rar": "application/x-rar-compressed",
	"xz": "application/x-xz", "jar": "application/java-archive", "apk": "application/vnd.android.package-archive",
	"doc": "application/msword", "dot": "application/msword",
	"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"xls":  "application/vnd.ms-excel",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"ppt":  "application/vnd.ms-powerpoint",
	"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	"rtf":  "application/rtf", "swf": "application/x-shockwave-flash", "wasm": "application/wasm",
	"bin": "application/octet-stream", "exe": "application/octet-stream", "iso": "application/octet-stream",
	"jpg": "image/jpeg", "jpeg": "image/jpeg", "jpe": "image/jpeg", "png": "image/png",
	"gif": "image/gif", "bmp": "image/bmp", "webp": "image/webp", "svg": "image/svg+xml",
	"ico": "image/x-icon", "tif": "image/tiff", "tiff": "image/tiff", "heic": "image/heic",
	"mp3": "audio/mpeg", "wav": "audio/x-wav", "ogg": "audio/ogg", "flac": "audio/flac",
	"aac": "audio/aac", "m4a": "audio/mp4", "wma": "audio/x-ms-wma", "mid": "audio/midi",
	"mp4": "video/mp4", "m4v": "video/x-m4v", "mov": "video/quicktime", "avi": "video/x-msvideo",
	"wmv": "video/x-ms-wmv", "flv": "video/x-flv", "mkv": "video/x-matroska", "webm": "video/webm",
	"mpg": "video/mpeg", "mpeg": "video/mpeg", "3gp": "video/3gpp",
	// The C SDK's own test expects video/MP2T for .ts (c-sdk-surface §3.10).
	"ts": "video/MP2T", "m3u8": "application/x-mpegURL",
}

// ContentTypeByKey returns the Content-Type for key from the extension after its last '.'
// (case-insensitive), or application/octet-stream.
func ContentTypeByKey(key string) string {
	if i := strings.LastIndexByte(key, '.'); i >= 0 && !strings.Contains(key[i:], "/") {
		if t, ok := contentTypes[strings.ToLower(key[i+1:])]; ok {
			return t
		}
	}
	return "application/octet-stream"
}
