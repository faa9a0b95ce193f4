package bench

import "time"

// Applies says whether kind runs on cell. The Go clients run every one-file cell; the clients
// in other languages (each a process of its own: Node, Python, the C CLI) run the cells shaped
// like the speed targets (8 MiB parts, 4 in flight), which is where their comparisons are
// stated and keeps a full run within minutes; a many-files cell runs the clients that can
// loop over files through one client: ours (bindings/go/oss, the v1 drop-in), v1, and the C
// SDK API called once per file.
func Applies(kind Kind, c Cell) bool {
	if c.Many() {
		// Downloads of many small files are not measured: the issue asks for one-file cells.
		return kind == KindOurs || kind == KindV1 || kind == KindOursCAPI
	}
	switch kind {
	case KindOursCAPI:
		return false
	case KindOursNode, KindAliOSS, KindOursPy, KindOursCLI:
		return c.PartSize == 8<<20 && c.Threads == 4
	case KindOursBrowser, KindAliOSSBrowser:
		// issue 19: plain HTTP (a page cannot trust the server's own CA); the full matrix's
		// 256 MiB cell is where the memory comparison is stated, and the quick mode's 32 MiB
		// cell runs both once in make test so the page harness cannot rot.
		// At most 1 GiB: ali-oss's browser build is slow enough that its 2 GiB cell would take
		// an hour of a full run.
		return c.PartSize == 8<<20 && c.Threads == 4 && c.Scheme == "http" && c.Size <= 1<<30
	}
	return true
}

// kindTimeout bounds one run of kind on c: childTimeout, except for the browser kinds (issue
// 19), whose page starts a browser and the wasm and whose ali-oss build ran at 0.7 MB/s on a
// loaded machine here: two minutes plus 0.5 MB/s.
func kindTimeout(kind Kind, c Cell) time.Duration {
	if kind == KindOursBrowser || kind == KindAliOSSBrowser {
		return 2*time.Minute + time.Duration(c.Bytes()/500e3)*time.Second
	}
	return childTimeout(c)
}

// Pair is a comparison the report makes: Kind ÷ Peer, on every cell where both ran.
type Pair struct{ Kind, Peer Kind }

// pairs are the comparisons, in report order: ours (and ours with SHA-256) against the Go SDKs
// and the raw baseline; ours through Node against ali-oss; ours through Python against the same
// engine through the C CLI (the binding should add nothing per byte); and on many files the C
// SDK API against v1; and the downloads as the uploads: ours against the Go SDKs' downloaders and
// the raw ranged-GET baseline.
var pairs = []Pair{
	{KindOurs, KindV1}, {KindOurs, KindV2}, {KindOurs, KindRaw},
	{KindOursSHA, KindV1}, {KindOursSHA, KindV2}, {KindOursSHA, KindRaw},
	{KindOursNode, KindAliOSS},
	{KindOursPy, KindOursCLI},
	{KindOursCAPI, KindV1},
	{KindOursDL, KindV1DL}, {KindOursDL, KindV2DL}, {KindOursDL, KindRawDL},
	{KindOursBrowser, KindAliOSSBrowser}, // issue 19
}
