package bench

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/ossresume/ossresume/core/crc64"
)

// Report is everything one run measured; it is written as JSON as is.
type Report struct {
	Date       time.Time     `json:"date"`
	Mode       string        `json:"mode"`
	Host       Host          `json:"host"`
	Reps       int           `json:"reps"`
	Kinds      []Kind        `json:"kinds"`
	Cells      []*CellResult `json:"cells"`
	Summary    []Ratio       `json:"summary"` // geometric means of the cells' ratios
	Targets    []Target      `json:"targets"`
	Micro      []MicroResult `json:"micro,omitempty"`
	MicroError string        `json:"micro_error,omitempty"`
}

// Host describes the machine; absolute figures mean little without it.
type Host struct {
	CPUModel  string `json:"cpu_model"`
	CPUs      int    `json:"cpus"`
	GoVersion string `json:"go_version"`
	OSArch    string `json:"os_arch"`
	CRCKernel string `json:"crc64_kernel"` // core/crc64's choice on this machine
	// LoadStart and LoadEnd are /proc/loadavg's 1, 5 and 15-minute figures when the run began
	// and ended: a busy machine skews every figure, the ratios less than the rest.
	LoadStart string `json:"load_start"`
	LoadEnd   string `json:"load_end"`
}

// CellResult holds every kind's runs on one cell, and the ratios between them.
type CellResult struct {
	Cell    Cell          `json:"cell"`
	Name    string        `json:"name"`
	Results []*KindResult `json:"results"`
	Ratios  []Ratio       `json:"ratios"`
}

// KindResult is one client on one cell: its runs and their medians.
type KindResult struct {
	Kind    Kind     `json:"kind"`
	Samples []Sample `json:"samples"`
	Errors  []string `json:"errors,omitempty"`

	// Medians over the samples (peak RSS is the largest seen). Zero when no run succeeded.
	WallS      float64 `json:"wall_s"`
	MBps       float64 `json:"mb_per_s"` // 10^6 bytes per second of upload wall time
	CPUPerGiB  float64 `json:"cpu_s_per_gib"`
	PeakRSSMiB float64 `json:"peak_rss_mib"`
	FilesPerS  float64 `json:"files_per_s,omitempty"` // many-files cells
}

// OK says the kind has figures to compare.
func (k *KindResult) OK() bool { return len(k.Samples) > 0 }

// Ratio compares one of our kinds with a peer on the same cell (or, in Report.Summary, over
// all cells, as geometric means: Cells counts them). Throughput above 1 means ours is
// faster; CPU and RSS below 1 mean ours uses less.
type Ratio struct {
	Kind       Kind    `json:"kind"`
	Peer       Kind    `json:"peer"`
	Throughput float64 `json:"throughput"`
	CPU        float64 `json:"cpu_per_gib"`
	RSS        float64 `json:"peak_rss"`
	Cells      int     `json:"cells,omitempty"`
}

func newReport(cfg Config) *Report {
	return &Report{
		Date:  time.Now().UTC(),
		Mode:  cfg.Mode,
		Reps:  cfg.Reps,
		Kinds: slices.Clone(cfg.Kinds),
		Host: Host{
			CPUModel:  cpuModel(),
			CPUs:      runtime.NumCPU(),
			GoVersion: runtime.Version(),
			OSArch:    runtime.GOOS + "/" + runtime.GOARCH,
			CRCKernel: crc64.Kernel(),
			LoadStart: loadAvg(),
		},
	}
}

func (r *Report) addCell(c Cell) *CellResult {
	cr := &CellResult{Cell: c, Name: c.String()}
	for _, k := range r.Kinds {
		if Applies(k, c) {
			cr.Results = append(cr.Results, &KindResult{Kind: k})
		}
	}
	r.Cells = append(r.Cells, cr)
	return cr
}

func (c *CellResult) kind(k Kind) *KindResult {
	for _, kr := range c.Results {
		if kr.Kind == k {
			return kr
		}
	}
	kr := &KindResult{Kind: k}
	c.Results = append(c.Results, kr)
	return kr
}

// finish computes medians, ratios and the target checks.
func (r *Report) finish() {
	r.Host.LoadEnd = loadAvg()
	for _, c := range r.Cells {
		for _, kr := range c.Results {
			kr.summarize(c.Cell)
		}
		c.Ratios = cellRatios(c)
	}
	r.Summary = summarize(r.Cells)
	r.Targets = checkTargets(r.Cells)
}

// summarize takes the geometric mean of each (kind, peer) ratio over the cells that have it:
// ratios multiply, so a cell twice as fast and one half as fast even out to 1.
func summarize(cells []*CellResult) []Ratio {
	var out []Ratio
	for _, pr := range pairs {
		var thr, cpu, rss []float64
		for _, c := range cells {
			if r, ok := c.ratio(pr.Kind, pr.Peer); ok {
				thr, cpu, rss = append(thr, r.Throughput), append(cpu, r.CPU), append(rss, r.RSS)
			}
		}
		if len(thr) > 0 {
			out = append(out, Ratio{Kind: pr.Kind, Peer: pr.Peer, Throughput: geomean(thr), CPU: geomean(cpu), RSS: geomean(rss), Cells: len(thr)})
		}
	}
	return out
}

func geomean(v []float64) float64 {
	sum := 0.0
	for _, x := range v {
		sum += math.Log(x)
	}
	return math.Exp(sum / float64(len(v)))
}

func (k *KindResult) summarize(c Cell) {
	if !k.OK() {
		return
	}
	size := c.Bytes()
	var wall, cpu []float64
	for _, s := range k.Samples {
		wall = append(wall, s.WallS)
		cpu = append(cpu, s.CPUS())
		k.PeakRSSMiB = max(k.PeakRSSMiB, float64(s.MaxRSSKiB)/1024)
	}
	k.WallS = median(wall)
	k.MBps = float64(size) / 1e6 / k.WallS
	if c.Many() {
		k.FilesPerS = float64(c.Files) / k.WallS
	}
	k.CPUPerGiB = median(cpu) / (float64(size) / (1 << 30))
}

// median of a non-empty list; the mean of the middle two for an even count.
func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func cellRatios(c *CellResult) []Ratio {
	var out []Ratio
	for _, pr := range pairs {
		o, p := c.find(pr.Kind), c.find(pr.Peer)
		if o == nil || !o.OK() || p == nil || !p.OK() {
			continue
		}
		out = append(out, Ratio{Kind: pr.Kind, Peer: pr.Peer,
			Throughput: o.MBps / p.MBps, CPU: o.CPUPerGiB / p.CPUPerGiB, RSS: o.PeakRSSMiB / p.PeakRSSMiB})
	}
	return out
}

func (c *CellResult) find(k Kind) *KindResult {
	for _, kr := range c.Results {
		if kr.Kind == k {
			return kr
		}
	}
	return nil
}

func (c *CellResult) ratio(k, peer Kind) (Ratio, bool) {
	for _, r := range c.Ratios {
		if r.Kind == k && r.Peer == peer {
			return r, true
		}
	}
	return Ratio{}, false
}

// Failures lists every failed run, "cell kind: error".
func (r *Report) Failures() []string {
	var out []string
	for _, c := range r.Cells {
		for _, kr := range c.Results {
			for _, e := range kr.Errors {
				out = append(out, fmt.Sprintf("%s %s: %s", c.Name, kr.Kind, e))
			}
		}
	}
	return out
}

// Write stores the report in dir as bench-<date>.md and .json, and as latest.md and
// latest.json.
func (r *Report) Write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	js = append(js, '\n')
	md := []byte(r.Markdown())
	mdPath, jsPath := reportPaths(dir, r.Date)
	for path, data := range map[string][]byte{
		mdPath: md, jsPath: js,
		filepath.Join(dir, "latest.md"): md, filepath.Join(dir, "latest.json"): js,
	} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
