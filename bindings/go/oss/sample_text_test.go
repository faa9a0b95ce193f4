package oss_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// docSample is the OSS documentation's resumable upload sample for the Go SDK v1, its code
// lines as issue 18 quotes them.
const docSample = `provider, err := oss.NewEnvironmentVariableCredentialsProvider()
clientOptions := []oss.ClientOption{oss.SetCredentialsProvider(&provider)}
clientOptions = append(clientOptions, oss.Region("yourRegion"))
clientOptions = append(clientOptions, oss.AuthVersion(oss.AuthV4))
client, err := oss.New("yourEndpoint", "", "", clientOptions...)
bucket, err := client.Bucket("examplebucket")
err = bucket.UploadFile("exampledir/exampleobject.txt", "D:\\localpath\\examplefile.txt", 100*1024,
    oss.Routines(3), oss.Checkpoint(true, ""))`

// The lines of examples/go/v1sample/main.go that may differ from the documentation, after
// whitespace is normalised (runs of blanks to one space, ends trimmed):
//   - the import: the v1 path github.com/aliyun/aliyun-oss-go-sdk/oss becomes ourImport, and
//     beside it only "log" and "os" (the standard library the lines below use);
//   - the endpoint: docEndpoint becomes ourEndpoint, and its one top-level declaration
//     endpointVar is added;
//
// and nothing else, except what the documentation page (not the quote) has around the
// code: comment lines and blank lines, the check `if err != nil {` / `log.Fatalf("Error: %v",
// err)` / `}` right after a line that sets err, and the closing `log.Println("File uploaded
// successfully.")`.
const (
	ourImport   = `"github.com/ossresume/ossresume/bindings/go/oss"`
	docEndpoint = `client, err := oss.New("yourEndpoint", "", "", clientOptions...)`
	ourEndpoint = `client, err := oss.New(yourEndpoint, "", "", clientOptions...)`
	endpointVar = `var yourEndpoint = os.Getenv("OSS_ENDPOINT")`
	errCheck    = `if err != nil {` + "\n" + `log.Fatalf("Error: %v", err)` + "\n" + `}`
	closing     = `log.Println("File uploaded successfully.")`
)

func normalise(line string) string { return strings.Join(strings.Fields(line), " ") }

// sampleDiffers returns how the example's source differs from the documentation's sample
// beyond the differences allowed above, or nil.
func sampleDiffers(src string) error {
	var lines []string
	for _, l := range strings.Split(src, "\n") {
		if l = normalise(l); l != "" && !strings.HasPrefix(l, "//") {
			lines = append(lines, l)
		}
	}
	// package main, import ( ... ), endpointVar, func main() { ... }
	i := slices.Index(lines, "import (")
	j := slices.Index(lines, ")")
	k := slices.Index(lines, "func main() {")
	if len(lines) == 0 || lines[0] != "package main" || i != 1 || j < i || k < j || lines[len(lines)-1] != "}" {
		return fmt.Errorf("not package main / import ( ... ) / func main() { ... }")
	}
	imports := slices.Clone(lines[i+1 : j])
	slices.Sort(imports)
	if want := []string{ourImport, `"log"`, `"os"`}; !slices.Equal(imports, want) { // sorted
		return fmt.Errorf("imports %v, want %v", imports, want)
	}
	if decls := lines[j+1 : k]; !slices.Equal(decls, []string{endpointVar}) {
		return fmt.Errorf("top-level declarations %q, want only %q", decls, endpointVar)
	}
	body := lines[k+1 : len(lines)-1]
	if len(body) == 0 || body[len(body)-1] != closing {
		return fmt.Errorf("main does not end with %s", closing)
	}
	body = body[:len(body)-1]
	check := strings.Split(errCheck, "\n")
	var code []string
	for n := 0; n < len(body); n++ {
		if slices.Equal(body[n:min(n+len(check), len(body))], check) {
			// The statement before it starts on the first of its lines (a call split after a ",").
			m := len(code) - 1
			for m > 0 && strings.HasSuffix(code[m-1], ",") {
				m--
			}
			if m < 0 || !strings.HasPrefix(code[m], "err =") && !strings.Contains(code[m], ", err :=") {
				return fmt.Errorf("an error check after %q, which does not set err", code[max(m, 0):])
			}
			n += len(check) - 1
			continue
		}
		code = append(code, body[n])
	}
	var want []string
	for _, l := range strings.Split(docSample, "\n") {
		if l = normalise(l); l == docEndpoint {
			l = ourEndpoint
		}
		want = append(want, l)
	}
	for n := range max(len(code), len(want)) {
		var got, doc string
		if n < len(code) {
			got = code[n]
		}
		if n < len(want) {
			doc = want[n]
		}
		if got != doc {
			return fmt.Errorf("code line %d is\n\t%s\nthe documentation's is\n\t%s", n+1, got, doc)
		}
	}
	return nil
}

// The example is the documentation's sample, but for its import path and endpoint line, as the
// Python suite's test_samples_are_the_documentations_but_for_imports checks its samples; and
// the comparison sees a line changed, added or removed.
func TestSampleIsTheDocumentationsButForImportAndEndpoint(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", "go", "v1sample", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	src := string(raw)
	if err := sampleDiffers(src); err != nil {
		t.Fatalf("examples/go/v1sample/main.go: %v", err)
	}
	for _, c := range []struct{ name, old, new string }{
		{"a part size changed", "100*1024", "200*1024"},
		{"an option dropped", `oss.Routines(3), `, ""},
		{"the region changed", `oss.Region("yourRegion")`, `oss.Region("cn-hangzhou")`},
		{"the v1 import kept", ourImport, `"github.com/aliyun/aliyun-oss-go-sdk/oss"`},
		{"another import", `"os"`, `"os"` + "\n\t\"fmt\""},
		{"a line added", "\tlog.Println(", "\tbucket.Stat()\n\tlog.Println("},
		{"an error check after a line not setting err", "oss.Region(\"yourRegion\"))\n", "oss.Region(\"yourRegion\"))\n" + errCheck + "\n"},
		{"the endpoint variable read elsewhere", `os.Getenv("OSS_ENDPOINT")`, `os.Getenv("ENDPOINT")`},
	} {
		if !strings.Contains(src, c.old) {
			t.Fatalf("%s: the example has no %q to change", c.name, c.old)
		}
		if sampleDiffers(strings.Replace(src, c.old, c.new, 1)) == nil {
			t.Errorf("%s: not seen", c.name)
		}
	}
}
