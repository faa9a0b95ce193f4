'use strict';
// Errors, shaped like ali-oss's: Error objects with `status`, `code`, `requestId`, and for
// server errors a `name` of `${code}Error` (e.g. "NoSuchUploadError"). `status` is the HTTP
// status for server answers and a negative number for failures without one (-1 bad argument,
// -2 network, -3 inconsistent data), as the OSS SDKs number them.
//
// This module is shared with the browser package (bindings/browser): it uses nothing of Node.

class OssError extends Error {
  constructor(message, fields = {}) {
    super(message, fields.cause ? { cause: fields.cause } : undefined);
    this.name = 'OssError';
    this.status = fields.status ?? 0;
    this.code = fields.code ?? '';
    this.requestId = fields.requestId ?? '';
    this.ec = fields.ec ?? '';
    this.uploadId = fields.uploadId ?? '';
    this.operation = fields.operation ?? '';
    this.hostId = fields.hostId ?? '';
    // What failed below HTTP for a RequestError ("timeout", "refused", ...); '' otherwise.
    this.transport = fields.transport ?? '';
  }
}

/** Refused before any network traffic; `field` names the argument at fault. */
class ClientError extends OssError {
  constructor(message, fields = {}) {
    super(message, { status: -1, code: 'InvalidArgument', ...fields });
    this.name = 'ClientError';
    this.field = fields.field ?? '';
  }
}

/** No credentials: none given and OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET unset. */
class CredentialsError extends ClientError {
  constructor(message, fields = {}) {
    super(message, { code: 'CredentialsError', ...fields });
    this.name = 'CredentialsError';
  }
}

/** The server answered with an error status. */
class ServerError extends OssError {
  constructor(message, fields = {}) {
    super(message, fields);
    this.name = fields.code ? `${fields.code}Error` : 'ServerError';
  }
}

/** No usable HTTP response after the retries: refused, reset, timeout, DNS, TLS. */
class RequestError extends OssError {
  constructor(message, fields = {}) {
    super(message, { status: -2, code: 'RequestError', ...fields });
    this.name = 'RequestError';
  }
}

/** CRC-64 mismatch (a part or the object), or the file changed during the upload. */
class InconsistentError extends OssError {
  constructor(message, fields = {}) {
    super(message, { status: -3, code: 'InconsistentError', ...fields });
    this.name = 'InconsistentError';
    this.partNumber = fields.partNumber ?? 0;
    this.localCrc64 = fields.localCrc64 ?? '0';
    this.serverCrc64 = fields.serverCrc64 ?? '0';
  }
}

/** The upload was cancelled (AbortSignal or Upload.cancel()); its checkpoint is kept. Its
 *  name is "AbortError", as for fetch; `cause` holds the signal's reason when there was one. */
class CancelledError extends OssError {
  constructor(message, fields = {}) {
    super(message, { status: 0, code: 'Cancelled', ...fields });
    this.name = 'AbortError';
  }
}

/** The local file (or the checkpoint file) cannot be used. `code` is the errno name
 *  ("ENOENT", ...) and `errno` its negative number, as Node's fs errors have them. */
class FileError extends OssError {
  constructor(message, fields = {}) {
    super(message, { status: -1, ...fields });
    this.name = 'FileError';
    this.errno = fields.errno ?? 0;
    this.path = fields.path ?? '';
    this.syscall = fields.syscall ?? '';
  }
}

/** The checkpoint record cannot be read, written or locked; `code` is "CheckpointInUse"
 *  when another upload holds it. */
class CheckpointError extends FileError {
  constructor(message, fields = {}) {
    super(message, fields);
    this.name = 'CheckpointError';
  }
}

/** The native library is missing, unusable, or was called in a forked child. */
class LibraryError extends Error {
  constructor(message, code = 'ELIBRARY') {
    super(message);
    this.name = 'LibraryError';
    this.code = code;
  }
}

module.exports = {
  OssError, ClientError, CredentialsError, ServerError, RequestError, InconsistentError,
  CancelledError, FileError, CheckpointError, LibraryError,
};
