// Command v1upload is a program written against the Go SDK v1's UploadFile, as a user porting to
// this project has it, with only the import path changed: a progress listener, Ctrl-C through
// WithContext (the checkpoint is kept, and running the same command again resumes), and errors
// told apart with errors.As on ServiceError and CRCCheckError.
//
//	OSS_ACCESS_KEY_ID=ak OSS_ACCESS_KEY_SECRET=sk go run ./examples/go/v1upload \
//	    [-endpoint URL] [-region R] [-routines N] [-part-size BYTES] FILE BUCKET KEY
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/ossresume/ossresume/bindings/go/oss"
)

// bar prints one line per whole percent.
type bar struct{ last int64 }

func (b *bar) ProgressChanged(ev *oss.ProgressEvent) {
	switch ev.EventType {
	case oss.TransferStartedEvent:
		fmt.Printf("started: %d of %d bytes already on the server\n", ev.ConsumedBytes, ev.TotalBytes)
	case oss.TransferDataEvent:
		if pct := ev.ConsumedBytes * 100 / ev.TotalBytes; pct != b.last {
			b.last = pct
			fmt.Printf("%3d%% %d/%d\n", pct, ev.ConsumedBytes, ev.TotalBytes)
		}
	case oss.TransferCompletedEvent:
		fmt.Println("completed: the object is verified")
	case oss.TransferFailedEvent:
		fmt.Printf("failed at %d of %d bytes\n", ev.ConsumedBytes, ev.TotalBytes)
	}
}

func main() {
	endpoint := flag.String("endpoint", "http://127.0.0.1:9000", "OSS endpoint")
	region := flag.String("region", "cn-hangzhou", "region (V4 signatures)")
	routines := flag.Int("routines", 3, "parts in flight")
	partSize := flag.Int64("part-size", 1<<20, "part size in bytes (100 KiB..5 GiB)")
	flag.Parse()
	if flag.NArg() != 3 {
		fmt.Fprintln(os.Stderr, "usage: v1upload [flags] FILE BUCKET KEY")
		os.Exit(2)
	}
	file, bucketName, key := flag.Arg(0), flag.Arg(1), flag.Arg(2)

	provider, err := oss.NewEnvironmentVariableCredentialsProvider()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	client, err := oss.New(*endpoint, "", "", oss.SetCredentialsProvider(&provider),
		oss.Region(*region), oss.AuthVersion(oss.AuthV4))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bucket, err := client.Bucket(bucketName)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err = bucket.UploadFile(key, file, *partSize, oss.Routines(*routines), oss.Checkpoint(true, ""),
		oss.Progress(&bar{last: -1}), oss.WithContext(ctx), oss.Meta("uploaded-by", "v1upload"))

	var serviceErr oss.ServiceError
	var crcErr oss.CRCCheckError
	switch {
	case err == nil:
		fmt.Printf("uploaded %s to oss://%s/%s\n", file, bucketName, key)
		return
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(os.Stderr, "interrupted: run the same command again to resume")
		os.Exit(130)
	case errors.As(err, &serviceErr):
		fmt.Fprintf(os.Stderr, "OSS refused: %s (HTTP %d, request id %s): %s\n",
			serviceErr.Code, serviceErr.StatusCode, serviceErr.RequestID, serviceErr.Message)
	case errors.As(err, &crcErr):
		fmt.Fprintln(os.Stderr, "data changed on the way:", crcErr)
	default:
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(1)
}
