package bench

import (
	"fmt"
	"strings"
)

// Markdown renders the report: ratios first (they carry across machines), then the targets,
// the absolute figures, the micro-benchmarks and any failures.
func (r *Report) Markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	p("# ossresume upload and download benchmark — %s\n\n", r.Date.Format("2006-01-02 15:04 UTC"))
	p("- CPU: %s (%d logical CPUs), %s, %s\n", r.Host.CPUModel, r.Host.CPUs, r.Host.OSArch, r.Host.GoVersion)
	p("- CRC-64 kernel (core/crc64): `%s`\n", r.Host.CRCKernel)
	if r.Host.LoadStart != "" {
		p("- Load average (1, 5, 15 min): %s at the start, %s at the end\n", r.Host.LoadStart, r.Host.LoadEnd)
	}
	p("- Mode: %s; %d run(s) of each client per cell, kinds alternating; medians shown.\n", r.Mode, r.Reps)
	p("- Server: one `ossemu` per scheme in benchmark mode (bodies CRC'd and dropped), in the driver's process; " +
		"each client is a child process: CPU = its user+sys (rusage, whole process), peak RSS = its VmHWM, wall = the upload call alone.\n")
	p("- Clients: `ours` = core/upload as users run it (CRC-64 per part, checkpoint on; on many files the v1 drop-in " +
		"bindings/go/oss, one Client, `UploadFile` per file); `ours-sha` = the same with part SHA-256 on; " +
		"`v1` = aliyun-oss-go-sdk `Bucket.UploadFile` (CRC on, checkpoint on); `v2` = alibabacloud-oss-go-sdk-v2 `Uploader` " +
		"(CRC on, checkpoint on); `raw` = net/http PUTs of the parts, no hashing, checkpoint or retry (sendfile on plain HTTP); " +
		"`ours-node` = our Node package's `new OSS().multipartUpload`; `alioss` = ali-oss `multipartUpload` (the same options); " +
		"`ours-py` = our Python package's `resumable_upload`; `ours-cli` = the `oss-upload` C CLI (its wall time includes process " +
		"start-up, timed by the driver; its peak RSS is VmHWM polled every 10 ms); `ours-capi` = a C loop calling " +
		"`oss_resumable_upload_file` once per file. " +
		"Downloads of each one-file cell's file, from a second ossemu per scheme that keeps data in memory (the object put there once, " +
		"untimed; each download read back and CRC-checked by the driver): `ours-dl` = core/download as users run it (CRC-64 per range " +
		"combined and checked against the object's, checkpoint on, preallocated temporary file fsynced and renamed into place); " +
		"`v1-dl` = aliyun-oss-go-sdk `Bucket.DownloadFile` (CRC on, checkpoint on); `v2-dl` = alibabacloud-oss-go-sdk-v2 `Downloader` " +
		"(CRC on, checkpoint on); `raw-dl` = net/http ranged GETs into a preallocated file, no hashing, checkpoint, temporary file or fsync.\n\n")

	p("## Summary: kind ÷ peer over all cells (geometric mean)\n\n")
	p("Throughput above 1: the kind is faster (on many files, files per second). CPU per GiB and peak RSS below 1: it uses less.\n\n")
	p("| kind | peer | throughput | CPU s/GiB | peak RSS | cells |\n|---|---|---|---|---|---|\n")
	for _, s := range r.Summary {
		p("| %s | %s | %.2f | %.2f | %.2f | %d |\n", s.Kind, s.Peer, s.Throughput, s.CPU, s.RSS, s.Cells)
	}

	p("\n## Ratios per cell (kind ÷ peer)\n\n")
	p("| cell | kind | peer | throughput | CPU s/GiB | peak RSS |\n|---|---|---|---|---|---|\n")
	for _, c := range r.Cells {
		for _, rt := range c.Ratios {
			p("| %s | %s | %s | %.2f | %.2f | %.2f |\n", c.Name, rt.Kind, rt.Peer, rt.Throughput, rt.CPU, rt.RSS)
		}
	}

	p("\n## Targets (from the speed issue; reported, never enforced)\n\n")
	p("| target | cell | measured | goal | met |\n|---|---|---|---|---|\n")
	for _, t := range r.Targets {
		if t.Cell == "" || t.Value == 0 {
			p("| %s | %s | – | %s %g | – %s |\n", t.Name, dash(t.Cell), t.Op, t.Limit, t.Note)
			continue
		}
		met := "no"
		if t.Met {
			met = "yes"
		}
		if t.Note != "" {
			met += " (" + t.Note + ")"
		}
		p("| %s | %s | %.2f | %s %g | %s |\n", t.Name, t.Cell, t.Value, t.Op, t.Limit, met)
	}

	p("\n## Absolute figures (this machine only)\n\n")
	p("| cell | kind | MB/s | files/s | CPU s/GiB | peak RSS MiB | wall s | runs |\n|---|---|---|---|---|---|---|---|\n")
	for _, c := range r.Cells {
		for _, kr := range c.Results {
			runs := fmt.Sprintf("%d/%d", len(kr.Samples), len(kr.Samples)+len(kr.Errors))
			if !kr.OK() {
				p("| %s | %s | – | – | – | – | – | %s |\n", c.Name, kr.Kind, runs)
				continue
			}
			files := "–"
			if kr.FilesPerS > 0 {
				files = fmt.Sprintf("%.1f", kr.FilesPerS)
			}
			p("| %s | %s | %.1f | %s | %.3f | %.1f | %.3f | %s |\n", c.Name, kr.Kind, kr.MBps, files, kr.CPUPerGiB, kr.PeakRSSMiB, kr.WallS, runs)
		}
	}

	if len(r.Micro) > 0 || r.MicroError != "" {
		p("\n## Micro-benchmarks (`go test -bench . ./core/crc64/`)\n\n")
		if r.MicroError != "" {
			p("Failed: %s\n", oneLine(r.MicroError))
		}
		if len(r.Micro) > 0 {
			p("| benchmark | ns/op | MB/s | × standard library |\n|---|---|---|---|\n")
			for _, m := range r.Micro {
				mbps, speedup := "–", "–"
				if m.MBps > 0 {
					mbps = fmt.Sprintf("%.1f", m.MBps)
				}
				if x, ok := microSpeedup(r.Micro, m); ok {
					speedup = fmt.Sprintf("%.2f", x)
				}
				p("| %s | %.1f | %s | %s |\n", m.Name, m.NsPerOp, mbps, speedup)
			}
		}
	}

	if f := r.Failures(); len(f) > 0 {
		p("\n## Failed runs\n\n")
		for _, line := range f {
			p("- %s\n", oneLine(line))
		}
	}
	return b.String()
}

// microSpeedup compares a benchmark with its standard-library sibling at the same size:
// "Kernels/1MiB/pclmulqdq" with "Kernels/1MiB/hash-crc64", "SHA256/1MiB/sha256-simd" with
// "SHA256/1MiB/crypto-sha256".
func microSpeedup(all []MicroResult, m MicroResult) (float64, bool) {
	i := strings.LastIndexByte(m.Name, '/')
	if i < 0 || m.MBps <= 0 {
		return 0, false
	}
	for _, std := range []string{"hash-crc64", "crypto-sha256"} {
		for _, b := range all {
			if b.Name == m.Name[:i+1]+std && b.MBps > 0 {
				return m.MBps / b.MBps, true
			}
		}
	}
	return 0, false
}

func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// oneLine keeps a table or list item on one line.
func oneLine(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "|", "\\|")
}
