package bench

import "fmt"

// Target is one goal from the speed issue, checked against this run's figures. Targets are
// reported, never enforced: benchmarks are not timed tests.
type Target struct {
	Name  string  `json:"name"`
	Cell  string  `json:"cell,omitempty"`
	Value float64 `json:"value"`
	Op    string  `json:"op"` // "<=" or ">="
	Limit float64 `json:"limit"`
	Met   bool    `json:"met"`
	Note  string  `json:"note,omitempty"`
}

// checkTargets evaluates the targets. The ratio targets are stated for 1 GiB or more,
// 4 threads, 8 MiB parts: the largest such cell of the scheme is used, with a note when it is
// smaller than 1 GiB. The many-files targets use the many-files cell over HTTPS with the most
// files. The memory target is an upload of 2 GiB, 4 threads, 512 MiB parts.
func checkTargets(cells []*CellResult) []Target {
	var out []Target
	largest := func(scheme string) *CellResult {
		var head *CellResult
		for _, c := range cells {
			if !c.Cell.Many() && c.Cell.Threads == 4 && c.Cell.PartSize == 8<<20 && c.Cell.Scheme == scheme &&
				(head == nil || c.Cell.Size > head.Cell.Size) {
				head = c
			}
		}
		return head
	}
	var many *CellResult
	for _, c := range cells {
		if c.Cell.Many() && c.Cell.Scheme == "https" && (many == nil || c.Cell.Files > many.Cell.Files) {
			many = c
		}
	}
	ratios := []struct {
		name       string
		cell       *CellResult
		kind, peer Kind
		cpu        bool
		op         string
		limit      float64
	}{
		{"CPU s/GiB: ours ÷ v1", largest("http"), KindOurs, KindV1, true, "<=", 0.40},
		{"CPU s/GiB: ours ÷ raw", largest("http"), KindOurs, KindRaw, true, "<=", 1.15},
		{"throughput: ours ÷ raw", largest("http"), KindOurs, KindRaw, false, ">=", 1.0},
		{"CPU s/GiB: ours-node ÷ alioss", largest("http"), KindOursNode, KindAliOSS, true, "<=", 0.30},
		{"throughput: ours-node ÷ alioss", largest("http"), KindOursNode, KindAliOSS, false, ">=", 2.5},
		{"CPU s/GiB over HTTPS: ours ÷ v1", largest("https"), KindOurs, KindV1, true, "<=", 0.45},
		{"files/s: ours (Go) ÷ v1", many, KindOurs, KindV1, false, ">=", 1.5},
		{"files/s: ours-capi (C SDK API) ÷ v1", many, KindOursCAPI, KindV1, false, ">=", 1.5},
	}
	for _, t := range ratios {
		tg := Target{Name: t.name, Op: t.op, Limit: t.limit}
		var r Ratio
		ok := false
		if t.cell != nil {
			tg.Cell = t.cell.Name
			r, ok = t.cell.ratio(t.kind, t.peer)
		}
		switch {
		case !ok:
			tg.Note = "not measured (needs a cell of that shape with both kinds)"
		case t.cpu:
			tg.Value = r.CPU
		default:
			tg.Value = r.Throughput
		}
		if ok {
			tg.Met = compare(tg.Value, t.op, t.limit)
			if !t.cell.Cell.Many() && t.cell.Cell.Size < 1<<30 {
				tg.Note = "the target is stated for 1 GiB or more; this cell is " + FormatSize(t.cell.Cell.Size)
			}
		}
		out = append(out, tg)
	}
	want := Cell{Size: 2 << 30, PartSize: 512 << 20, Threads: 4, Scheme: "http"}
	for _, k := range []Kind{KindOurs, KindOursSHA} {
		tg := Target{Name: fmt.Sprintf("peak RSS MiB: %s, 2 GiB, 4 threads, 512 MiB parts", k), Op: "<=", Limit: 64}
		var kr *KindResult
		for _, c := range cells {
			if c.Cell == want {
				tg.Cell, kr = c.Name, c.find(k)
			}
		}
		if kr == nil || !kr.OK() {
			tg.Note = "not measured (needs the cell 2GiB:512MiB:4:http)"
		} else {
			tg.Value = kr.PeakRSSMiB
			tg.Met = compare(tg.Value, tg.Op, tg.Limit)
		}
		out = append(out, tg)
	}
	return out
}

func compare(v float64, op string, limit float64) bool {
	if op == "<=" {
		return v <= limit
	}
	return v >= limit
}
