package bench

// Matrices of the two modes. Full is the matrix plus the memory-target cell and the
// many-files cell (1,000 files of 256 KiB over HTTPS); quick is a few small cells, one run
// each, that make test runs so the harness and every client cannot rot.
const (
	FullSizes   = "256MiB,2GiB"
	FullParts   = "8MiB,64MiB"
	FullThreads = "1,4"
	FullSchemes = "http,https"
	FullExtra   = "2GiB:512MiB:4:http,1000x256KiB:8MiB:4:https"
	FullReps    = 5

	QuickCells     = "32MiB:8MiB:4:http,32MiB:8MiB:1:https,20x256KiB:8MiB:4:https"
	QuickReps      = 1
	QuickBenchtime = "1x"
)

// QuickConfig is the quick mode's configuration, without the executable and output fields.
func QuickConfig() (Config, error) {
	cells, err := ParseCells(QuickCells)
	if err != nil {
		return Config{}, err
	}
	return Config{Mode: "quick", Cells: cells, Kinds: AllKinds, Reps: QuickReps,
		Micro: true, MicroBenchtime: QuickBenchtime}, nil
}

// ParseCells reads a comma-separated list of ParseCell cells; "" is none.
func ParseCells(s string) ([]Cell, error) {
	var out []Cell
	for _, f := range splitList(s) {
		c, err := ParseCell(f)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
