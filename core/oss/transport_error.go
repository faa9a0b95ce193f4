package oss

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
)

// classifyTransport wraps a failure below HTTP in a *TransportError saying what kind it was.
// The caller's cancel wins over what the cancel caused (usually a closed connection).
func classifyTransport(ctx context.Context, op string, err error) *TransportError {
	if cerr := ctx.Err(); cerr != nil {
		if !errors.Is(err, cerr) {
			err = errors.Join(cerr, err)
		}
		return &TransportError{Op: op, Kind: TransportCanceled, Err: err}
	}
	return &TransportError{Op: op, Kind: transportKind(err), Err: err}
}

func transportKind(err error) TransportKind {
	var (
		dnsErr   *net.DNSError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		verify   *tls.CertificateVerificationError
		record   tls.RecordHeaderError
		alert    tls.AlertError
		netErr   net.Error
	)
	switch {
	case errors.As(err, &dnsErr):
		return TransportDNS
	case errors.As(err, &unknown), errors.As(err, &hostname), errors.As(err, &invalid),
		errors.As(err, &verify), errors.As(err, &record), errors.As(err, &alert):
		return TransportTLS
	case errors.Is(err, syscall.ECONNREFUSED):
		return TransportRefused
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return TransportTimeout
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
		return TransportReset
	}
	// net/http reports a server that closed the connection before answering only as text.
	msg := err.Error()
	for _, s := range []string{"connection reset", "broken pipe", "server closed", "EOF"} {
		if strings.Contains(msg, s) {
			return TransportReset
		}
	}
	return TransportOther
}
