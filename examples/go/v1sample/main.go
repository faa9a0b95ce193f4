// Command v1sample is the OSS documentation's resumable upload sample for the Go SDK v1
// ("Resumable upload (Go SDK V1)"), unchanged except for two lines: the import path names this
// project's drop-in package instead of github.com/aliyun/aliyun-oss-go-sdk/oss, and the
// "yourEndpoint" placeholder is a variable read from OSS_ENDPOINT so the program runs as it is.
//
//	OSS_ENDPOINT=http://127.0.0.1:9000 OSS_ACCESS_KEY_ID=ak OSS_ACCESS_KEY_SECRET=sk go run ./examples/go/v1sample
//
// It uploads the file "D:\localpath\examplefile.txt" (on Linux and macOS, a file of that name in
// the working directory) to examplebucket/exampledir/exampleobject.txt, keeping a checkpoint at
// "D:\localpath\examplefile.txt.cp": killed and run again, it sends only the parts still missing.
// bindings/go/oss's tests build and run it against ossemu.
package main

import (
	"log"
	"os"

	"github.com/ossresume/ossresume/bindings/go/oss"
)

var yourEndpoint = os.Getenv("OSS_ENDPOINT")

func main() {
	// Obtain access credentials from environment variables. Before you run the sample code,
	// make sure that the OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET environment variables are set.
	provider, err := oss.NewEnvironmentVariableCredentialsProvider()
	if err != nil {
		log.Fatalf("Error: %v", err)
	}

	// Create an OSSClient instance.
	// Set yourEndpoint to the endpoint of the region in which the bucket is located.
	// Set yourRegion to the region in which the bucket is located.
	clientOptions := []oss.ClientOption{oss.SetCredentialsProvider(&provider)}
	clientOptions = append(clientOptions, oss.Region("yourRegion"))
	// Specify the version of the signature algorithm.
	clientOptions = append(clientOptions, oss.AuthVersion(oss.AuthV4))
	client, err := oss.New(yourEndpoint, "", "", clientOptions...)
	if err != nil {
		log.Fatalf("Error: %v", err)
	}

	// Specify the name of the bucket.
	bucket, err := client.Bucket("examplebucket")
	if err != nil {
		log.Fatalf("Error: %v", err)
	}

	// Specify the full path of the object and the full path of the local file. The part size is
	// 100 KB, three parts are uploaded at a time, and resumable upload is enabled.
	err = bucket.UploadFile("exampledir/exampleobject.txt", "D:\\localpath\\examplefile.txt", 100*1024,
		oss.Routines(3), oss.Checkpoint(true, ""))
	if err != nil {
		log.Fatalf("Error: %v", err)
	}

	log.Println("File uploaded successfully.")
}
