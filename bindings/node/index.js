'use strict';
// ossresume: resumable multipart upload (and download) for Alibaba Cloud OSS on the
// libossresume native library. `require('ossresume')` is ali-oss's constructor shape
// (`new OSS(options)`, then multipartUpload, resumableDownload, cancel, listParts, ...); the
// native-shaped Client, Upload, Download, the errors and version() are properties of it. See
// README.md and index.d.ts.

const { Client, Upload } = require('./lib/client');
const { Download } = require('./lib/download');
const { OSS } = require('./lib/alioss');
const errors = require('./lib/errors');
const native = require('./lib/native');

/** The native library's version, e.g. "0.1.0". */
function version() {
  return native.native().ossr_version();
}

Object.assign(OSS, {
  OSS,
  default: OSS,
  Client,
  Upload,
  Download,
  version,
  ENV_LIBRARY: native.ENV_LIBRARY,
  OssError: errors.OssError,
  ClientError: errors.ClientError,
  CredentialsError: errors.CredentialsError,
  ServerError: errors.ServerError,
  RequestError: errors.RequestError,
  InconsistentError: errors.InconsistentError,
  CancelledError: errors.CancelledError,
  FileError: errors.FileError,
  CheckpointError: errors.CheckpointError,
  LibraryError: errors.LibraryError,
});

module.exports = OSS;
