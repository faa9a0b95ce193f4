package upload

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Validate is what every API calls to refuse early; it must give Upload's verdict, and name the
// Options field.
func TestValidate(t *testing.T) {
	base := Options{Bucket: "examplebucket", Key: "k", FilePath: "f"}
	for _, tc := range []struct {
		name   string
		mutate func(*Options)
		field  string // "" for valid
	}{
		{"base", func(*Options) {}, ""},
		{"bucket", func(o *Options) { o.Bucket = "Bad_Bucket" }, "Bucket"},
		{"empty bucket", func(o *Options) { o.Bucket = "" }, "Bucket"},
		{"key slash", func(o *Options) { o.Key = "/k" }, "Key"},
		{"empty key", func(o *Options) { o.Key = "" }, "Key"},
		{"empty path", func(o *Options) { o.FilePath = "" }, "FilePath"},
		{"threads", func(o *Options) { o.Threads = 1025 }, "Threads"},
		{"part size small", func(o *Options) { o.PartSize = MinPartSize - 1 }, "PartSize"},
		{"part size large", func(o *Options) { o.PartSize = MaxPartSize + 1 }, "PartSize"},
		{"part size max", func(o *Options) { o.PartSize = MaxPartSize }, ""},
		{"header name", func(o *Options) { o.Header = http.Header{"Bad Name": {"v"}} }, "Header"},
		{"header value", func(o *Options) { o.Header = http.Header{"X-Oss-Meta-A": {"a\nb"}} }, "Header"},
		{"threshold", func(o *Options) { o.PutThreshold = -1 }, "PutThreshold"},
	} {
		o := base
		tc.mutate(&o)
		err := Validate(o)
		var oe *OptionError
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%s: refused: %v", tc.name, err)
		case tc.field != "" && (!errors.As(err, &oe) || oe.Field != tc.field):
			t.Errorf("%s: err = %v, want an *OptionError for %s", tc.name, err, tc.field)
		}
		// Upload gives the same verdict, before it opens the file.
		if tc.field != "" {
			if _, uerr := Upload(t.Context(), nil, o); !errors.As(uerr, &oe) || oe.Field != tc.field {
				t.Errorf("%s: Upload err = %v, want an *OptionError for %s", tc.name, uerr, tc.field)
			}
		}
	}
}

func TestCheckFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, []byte("12345"), 0o600); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if n, err := CheckFile(file); err != nil || n != 5 {
		t.Errorf("CheckFile(file) = %d, %v; want 5, nil", n, err)
	}
	for _, tc := range []struct {
		path string
		want error
	}{
		{filepath.Join(dir, "missing"), syscall.ENOENT},
		{dir, syscall.EISDIR},
		{file + "/child", syscall.ENOTDIR},
		{fifo, ErrNotRegular}, // and it returns: opening a FIFO does not wait for a writer
	} {
		_, err := CheckFile(tc.path)
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Path != tc.path || !errors.Is(err, tc.want) {
			t.Errorf("CheckFile(%s) = %v, want a *PathError for it wrapping %v", tc.path, err, tc.want)
		}
	}
	var oe *OptionError
	if _, err := CheckFile(""); !errors.As(err, &oe) || oe.Field != "FilePath" {
		t.Errorf("CheckFile(\"\") = %v, want an *OptionError for FilePath", err)
	}
}
