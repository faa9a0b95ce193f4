'use strict';
// The engine's errors (ossr_error's fields, as the Worker posts them) as the error classes the
// Node package throws (errors-core.js, shared), plus the browser's typed errors, each with the
// fix in its message:
//   CorsError           the bucket's CORS rules refuse this page, or do not expose ETag
//   NotReadableError    the File can no longer be read (moved, changed, permission revoked)
//   QuotaExceededError  the checkpoint store (IndexedDB) is out of room

const errors = require('../../node/lib/errors-core');

const CORS_HEADERS = 'ETag, x-oss-request-id, x-oss-hash-crc64ecma';

function corsRule(origin) {
  return `AllowedOrigin ${origin || '<this page\'s origin>'}, AllowedMethod PUT POST GET HEAD ` +
    `DELETE, AllowedHeader *, ExposeHeader ${CORS_HEADERS}`;
}

/** The browser refused the answer: no CORS rule allows this page, or the rule hides a header
 *  the upload needs. `code` is 'CorsRefused' or 'ETagNotExposed'. */
class CorsError extends errors.RequestError {
  constructor(message, fields = {}) {
    super(message, fields);
    this.name = 'CorsError';
    this.origin = fields.origin ?? '';
  }
}

/** The File cannot be read any more (the browser's NotReadableError): re-select it. */
class NotReadableError extends errors.FileError {
  constructor(message, fields = {}) {
    super(message, { code: 'NotReadableError', ...fields });
    this.name = 'NotReadableError';
  }
}

/** The origin's storage quota is used up: the checkpoint cannot be kept in IndexedDB. */
class QuotaExceededError extends errors.CheckpointError {
  constructor(message, fields = {}) {
    super(message, { code: 'QuotaExceededError', ...fields });
    this.name = 'QuotaExceededError';
  }
}

const CODE_NUMBER = {
  E_ARG: 1, E_FILE: 2, E_SERVER: 3, E_NETWORK: 4, E_INCONSISTENT: 5, E_CANCELLED: 6,
  E_CHECKPOINT_IN_USE: 7, E_CHECKPOINT: 8, E_FORK: 9, E_INTERNAL: 10, E_TIMEOUT: 11,
  E_CREDENTIALS: 12,
};
const CODE_NAME = Object.fromEntries(Object.entries(CODE_NUMBER).map(([k, v]) => [v, k]));

/** Which typed error the engine's description names, if any (bindings/browser/ENGINE.md:
 *  transport "cors" with error_code "CORSHeaderHidden" when an answer's ETag was hidden,
 *  otherwise the request was refused; error_code "NotReadableError" / "QuotaExceededError"). */
function kindOf(e) {
  const code = String(e.error_code || '');
  if (code === 'CORSHeaderHidden' || (e.transport === 'cors' && e.field === 'ETag')) return 'etag';
  if (e.transport === 'cors') return 'cors';
  if (code === 'NotReadableError' || code === 'NotFoundError') return 'unreadable';
  if (code === 'QuotaExceededError') return 'quota';
  return '';
}

/** The exception for an error the Worker posted (ossr_error's field names; `code` the
 *  ossr_code name). `ctx`: { origin, bucket } for the messages' fixes. */
function fromEngine(e, ctx = {}) {
  if (e instanceof Error) return e;
  if (!e || typeof e !== 'object') return new errors.LibraryError(`ossresume engine: ${String(e)}`);
  const name = typeof e.code === 'string' ? e.code : CODE_NAME[e.code] || CODE_NAME[e.code_number] || '';
  const common = {
    code: e.error_code || '', requestId: e.request_id || '', ec: e.ec || '',
    uploadId: e.upload_id || '', operation: e.operation || '', hostId: e.host_id || '',
    transport: e.transport || '',
  };
  const msg = e.message || e.error_code || name || 'engine error';
  const kind = kindOf(e);
  if (kind === 'etag') {
    return new CorsError(`${msg} — the bucket's CORS rule does not expose ETag, so no part can ` +
      `be completed: add ExposeHeader ETag (and x-oss-request-id, x-oss-hash-crc64ecma) to the ` +
      `rule for this page on bucket ${ctx.bucket || '<bucket>'} (${corsRule(ctx.origin)})`,
    { ...common, code: 'ETagNotExposed', origin: ctx.origin });
  }
  if (kind === 'cors') {
    return new CorsError(`${msg} — the browser refused OSS's answer (CORS): add a CORS rule ` +
      `to bucket ${ctx.bucket || '<bucket>'}: ${corsRule(ctx.origin)}`,
    { ...common, code: 'CorsRefused', origin: ctx.origin });
  }
  if (kind === 'unreadable') {
    const fix = /select it again/i.test(msg) ? '' : ' — the browser can no longer read the ' +
      'file (it was moved, changed or its permission revoked): select it again and call ' +
      'multipartUpload again; the parts already sent are kept';
    return new NotReadableError(`${msg}${fix}`, { ...common });
  }
  if (kind === 'quota') {
    return new QuotaExceededError(`${msg} — this site's storage quota is used up, so the ` +
      'checkpoint cannot be kept in IndexedDB: free space (clear this site\'s data) and retry',
    { ...common });
  }
  switch (name) {
    case 'E_SERVER':
      return new errors.ServerError(msg, { ...common, status: e.http_status });
    case 'E_ARG':
      return new errors.ClientError(msg, { ...common, field: e.field || '' });
    case 'E_CREDENTIALS':
      return new errors.CredentialsError(msg, { ...common, code: common.code || 'CredentialsError' });
    case 'E_FILE':
      return new errors.FileError(msg, { ...common, path: e.path || '' });
    case 'E_CHECKPOINT':
      return new errors.CheckpointError(msg, { ...common });
    case 'E_CHECKPOINT_IN_USE':
      return new errors.CheckpointError(msg, { ...common, code: 'CheckpointInUse' });
    case 'E_NETWORK':
    case 'E_TIMEOUT':
      return new errors.RequestError(msg, common);
    case 'E_INCONSISTENT':
      return new errors.InconsistentError(msg, { ...common, partNumber: e.part_number,
        localCrc64: String(e.local_crc64 ?? '0'), serverCrc64: String(e.server_crc64 ?? '0') });
    case 'E_CANCELLED':
      return new errors.CancelledError(msg, common);
    default:
      return new errors.LibraryError(`${name || 'engine error'}: ${msg}`);
  }
}

module.exports = { CorsError, NotReadableError, QuotaExceededError, fromEngine, corsRule };
