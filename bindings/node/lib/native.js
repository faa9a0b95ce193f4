'use strict';
// koffi declarations of include/ossresume.h, the search for the library, and check().
// The declaration block mirrors the header one to one, in its order; keep it so when the
// header's CHANGES block grows. Nothing else in the package touches koffi types directly.

const fs = require('node:fs');
const path = require('node:path');
const koffi = require('koffi');
const errors = require('./errors');

const ENV_LIBRARY = 'OSSRESUME_LIBRARY';
const LIBRARY_FILE = { darwin: 'libossresume.dylib', win32: 'ossresume.dll' }[process.platform]
  || 'libossresume.so';
// The name the dynamic loader looks up on the system path (the SONAME on Linux).
const SYSTEM_NAME = { darwin: 'libossresume.dylib', win32: 'ossresume.dll' }[process.platform]
  || 'libossresume.so.0';

// --- ossr_code ------------------------------------------------------------------------------
const code = Object.freeze({
  OK: 0, E_ARG: 1, E_FILE: 2, E_SERVER: 3, E_NETWORK: 4, E_INCONSISTENT: 5, E_CANCELLED: 6,
  E_CHECKPOINT_IN_USE: 7, E_CHECKPOINT: 8, E_FORK: 9, E_INTERNAL: 10, E_TIMEOUT: 11,
  E_CREDENTIALS: 12,
});
const SIGNATURE_V1 = 1;
const SIGNATURE_V4 = 4;
const CHECKPOINT_OFF = 0;
const CHECKPOINT_DEFAULT = 1;
const CHECKPOINT_PATH = 2;
const MIN_PART_SIZE = 100 * 1024;

// Types are registered with koffi once per process, whichever copy of this module runs first.
function declareTypes() {
  const errorFields = {
    size: 'size_t',
    code: 'int',
    http_status: 'int',
    error_code: 'const char *',
    message: 'const char *',
    request_id: 'const char *',
    ec: 'const char *',
    sys_errno: 'int',
    field: 'const char *',
    path: 'const char *',
    upload_id: 'const char *',
    operation: 'const char *',
    part_number: 'int',
    local_crc64: 'uint64_t',
    server_crc64: 'uint64_t',
  };
  // host_id and transport were appended: an older library's errors end before them.
  const ossrErrorV0 = koffi.struct('ossr_error_v0', errorFields);
  const ossrError = koffi.struct('ossr_error', {
    ...errorFields, host_id: 'const char *', transport: 'const char *',
  });
  const ossrResult = koffi.struct('ossr_result', {
    size: 'size_t',
    http_status: 'int',
    bucket: 'const char *',
    key: 'const char *',
    etag: 'const char *',
    crc64: 'uint64_t',
    request_id: 'const char *',
    upload_id: 'const char *',
    version_id: 'const char *',
    bytes_sent: 'int64_t',
    bytes_resumed: 'int64_t',
    total_bytes: 'int64_t',
    part_size: 'int64_t',
    parts: 'int',
    body: 'void *', // bytes with an explicit length
    body_len: 'size_t',
    headers: 'void *', // const char *const *, NULL-terminated
    verified: 'int', // appended: whether a server CRC-64 proved the object
  });
  const clientOptions = koffi.struct('ossr_client_options', {
    size: 'size_t',
    endpoint: 'const char *',
    region: 'const char *',
    signature_version: 'int',
    cloudbox_id: 'const char *',
    access_key_id: 'const char *',
    access_key_secret: 'const char *',
    security_token: 'const char *',
    cname: 'int',
    path_style: 'int',
    connect_timeout_ms: 'int',
    read_write_timeout_ms: 'int',
    retries: 'int',
    ca_file: 'const char *',
    tls_skip_verify: 'int',
    proxy: 'const char *',
    user_agent: 'const char *',
    ca_path: 'const char *',
    speed_limit: 'int',
    speed_time_ms: 'int',
  });
  const uploadOptions = koffi.struct('ossr_upload_options', {
    size: 'size_t',
    bucket: 'const char *',
    key: 'const char *',
    file_path: 'const char *',
    part_size: 'int64_t',
    threads: 'int',
    checkpoint: 'int',
    checkpoint_path: 'const char *',
    headers: 'const char **',
    disable_sha256: 'int',
    retries: 'int',
    multipart_threshold: 'int64_t',
    continue_upload_id: 'const char *',
    part_sha256: 'int',
  });
  // issue 21: download
  const downloadOptions = koffi.struct('ossr_download_options', {
    size: 'size_t',
    bucket: 'const char *',
    key: 'const char *',
    file_path: 'const char *',
    part_size: 'int64_t',
    threads: 'int',
    checkpoint: 'int',
    checkpoint_path: 'const char *',
    retries: 'int',
  });
  koffi.opaque('ossr_client');
  koffi.opaque('ossr_upload');
  koffi.opaque('ossr_download');
  koffi.proto('int ossr_progress_fn(int64_t done, int64_t total, void *user_data)');
  return { ossrError, ossrErrorV0, ossrResult, clientOptions, uploadOptions, downloadOptions };
}

function declareFunctions(lib) {
  return {
    ossr_error_free: lib.func('void ossr_error_free(ossr_error *err)'),
    ossr_result_free: lib.func('void ossr_result_free(ossr_result *res)'),
    ossr_version: lib.func('const char *ossr_version(void)'),
    ossr_version_number: lib.func('uint32_t ossr_version_number(void)'),
    ossr_code_name: lib.func('const char *ossr_code_name(int code)'),
    ossr_client_new: lib.func('int ossr_client_new(const ossr_client_options *opts, ' +
      '_Out_ ossr_client **out, _Out_ ossr_error **err)'),
    ossr_client_free: lib.func('void ossr_client_free(ossr_client *client)'),
    ossr_upload_file: lib.func('int ossr_upload_file(ossr_client *client, ' +
      'const ossr_upload_options *opts, ossr_progress_fn *progress, void *user_data, ' +
      '_Out_ ossr_result **res, _Out_ ossr_error **err)'),
    ossr_upload_start: lib.func('int ossr_upload_start(ossr_client *client, ' +
      'const ossr_upload_options *opts, _Out_ ossr_upload **out, _Out_ ossr_error **err)'),
    ossr_upload_progress: lib.func('int ossr_upload_progress(ossr_upload *up, ' +
      '_Out_ int64_t *done, _Out_ int64_t *total, _Out_ int *finished)'),
    ossr_upload_wait: lib.func('int ossr_upload_wait(ossr_upload *up, int timeout_ms, ' +
      '_Out_ ossr_result **res, _Out_ ossr_error **err)'),
    ossr_upload_cancel: lib.func('int ossr_upload_cancel(ossr_upload *up)'),
    ossr_upload_free: lib.func('void ossr_upload_free(ossr_upload *up)'),
    ...optionalFunctions(lib),
  };
}

/** Functions added after the first version: null when the library predates them, so that an
 *  older library still serves the Client and only the calls needing them fail, saying why. */
function optionalFunctions(lib) {
  const decls = {
    ossr_upload_state: 'int ossr_upload_state(ossr_upload *up, _Out_ ossr_result **res, ' +
      '_Out_ ossr_error **err)',
    ossr_list_parts: 'int ossr_list_parts(ossr_client *client, const char *bucket, ' +
      'const char *key, const char *upload_id, _Out_ ossr_result **res, _Out_ ossr_error **err)',
    ossr_list_uploads: 'int ossr_list_uploads(ossr_client *client, const char *bucket, ' +
      'const char *prefix, _Out_ ossr_result **res, _Out_ ossr_error **err)',
    ossr_abort_upload: 'int ossr_abort_upload(ossr_client *client, const char *bucket, ' +
      'const char *key, const char *upload_id, _Out_ ossr_result **res, _Out_ ossr_error **err)',
    ossr_client_set_credentials: 'int ossr_client_set_credentials(ossr_client *client, ' +
      'const char *access_key_id, const char *access_key_secret, const char *security_token, ' +
      '_Out_ ossr_error **err)',
    // issue 21: download
    ossr_download_file: 'int ossr_download_file(ossr_client *client, ' +
      'const ossr_download_options *opts, ossr_progress_fn *progress, void *user_data, ' +
      '_Out_ ossr_result **res, _Out_ ossr_error **err)',
    ossr_download_start: 'int ossr_download_start(ossr_client *client, ' +
      'const ossr_download_options *opts, _Out_ ossr_download **out, _Out_ ossr_error **err)',
    ossr_download_progress: 'int ossr_download_progress(ossr_download *dl, ' +
      '_Out_ int64_t *done, _Out_ int64_t *total, _Out_ int *finished)',
    ossr_download_progress_wait: 'int ossr_download_progress_wait(ossr_download *dl, ' +
      'int timeout_ms, _Out_ int64_t *done, _Out_ int64_t *total, _Out_ int *finished)',
    ossr_download_wait: 'int ossr_download_wait(ossr_download *dl, int timeout_ms, ' +
      '_Out_ ossr_result **res, _Out_ ossr_error **err)',
    ossr_download_cancel: 'int ossr_download_cancel(ossr_download *dl)',
    ossr_download_free: 'void ossr_download_free(ossr_download *dl)',
  };
  const out = {};
  for (const [name, decl] of Object.entries(decls)) {
    try {
      out[name] = lib.func(decl);
    } catch {
      out[name] = null;
    }
  }
  return out;
}

/** The function, or a LibraryError naming it when the library predates it. */
function require_(name) {
  const f = native()[name];
  if (!f) {
    throw new errors.LibraryError(`the loaded libossresume (${native().ossr_version()}) has no ` +
      `${name}: install the library this package ships, or a newer one`, 'ELIBRARY');
  }
  return f;
}

/** Where to look, in order: $OSSRESUME_LIBRARY alone when set (an explicit choice is never
 *  second-guessed), else the file next to the package, else the system's search path. */
function candidates(env, packageDir) {
  if (env) return [env];
  const found = [];
  const local = [path.join(packageDir, LIBRARY_FILE), path.join(packageDir, 'lib', LIBRARY_FILE)];
  for (const p of local) {
    if (fs.existsSync(p)) found.push(p);
  }
  found.push(SYSTEM_NAME);
  return found;
}

/** Loads and declares the library, or throws a LibraryError saying what to do. */
function load(env = process.env[ENV_LIBRARY], packageDir = path.resolve(__dirname, '..')) {
  const problems = [];
  for (const p of candidates(env, packageDir)) {
    let lib;
    try {
      lib = koffi.load(p);
    } catch (e) {
      problems.push(`${p}: ${e.message}`);
      continue;
    }
    try {
      return declareFunctions(lib);
    } catch (e) { // an older library without the native API
      problems.push(`${p}: not a libossresume with the native API (${e.message})`);
    }
  }
  const where = env ? `${ENV_LIBRARY}=${JSON.stringify(env)}`
    : `${ENV_LIBRARY} is not set, no ${LIBRARY_FILE} is in ${packageDir}, and the system ` +
      'library path has no libossresume';
  throw new errors.LibraryError(`cannot load the ossresume native library: ${where} ` +
    `(${problems.join('; ')}). Build it with \`make lib\` (it writes build/${LIBRARY_FILE}) ` +
    `and set ${ENV_LIBRARY} to its path, or install it where the dynamic loader finds it.`,
  'ENOLIBRARY');
}

let types = null;
let fns = null;

/** The declared functions, loading the library on first use, so that require('ossresume')
 *  works without it and a missing library is reported where it is needed. */
function native() {
  if (fns === null) {
    if (types === null) types = declareTypes();
    fns = load();
  }
  return fns;
}

// --- strings and numbers out ----------------------------------------------------------------

/** A uint64 from koffi (Number or BigInt) as a decimal string, exact. */
function u64(v) {
  return BigInt(v).toString();
}

function readStringArray(ptr) {
  const out = [];
  if (!ptr) return out;
  const step = koffi.sizeof('void *');
  for (let i = 0; ; i++) {
    if (!koffi.decode(ptr, i * step, 'void *')) return out;
    out.push(koffi.decode(ptr, i * step, 'const char *'));
  }
}

/** Copies a result struct into plain values (the caller frees the struct). */
function readResult(ptr) {
  const r = koffi.decode(ptr, types.ossrResult);
  const len = Number(r.body_len);
  // koffi.view() aliases C memory that is freed next: copy it out.
  const body = r.body && len > 0
    ? Buffer.from(new Uint8Array(koffi.view(r.body, len))) : Buffer.alloc(0);
  // verified was appended to the struct: a library that predates it never claims it.
  const verified = Number(r.size) >= koffi.offsetof(types.ossrResult, 'verified') + 4 && r.verified !== 0;
  return { ...r, crc64: u64(r.crc64), verified, body, headers: readStringArray(r.headers) };
}

// --- errors ---------------------------------------------------------------------------------

function forkError() {
  return new errors.LibraryError('ossresume: called in a child process after fork(); the ' +
    "library's Go runtime does not survive fork (use child_process.spawn/fork, which exec)",
  'EFORK');
}

/** The exception for a filled ossr_error (decoded), or for a bare code. */
function errorFrom(e, rc) {
  if (!e) {
    if (rc === code.E_FORK) return forkError();
    return new errors.LibraryError(`ossresume call failed with ${native().ossr_code_name(rc)}`);
  }
  const c = e.code || rc;
  const common = {
    code: e.error_code || '', requestId: e.request_id || '', ec: e.ec || '',
    uploadId: e.upload_id || '', operation: e.operation || '', hostId: e.host_id || '',
    transport: e.transport || '',
  };
  const msg = e.message || e.error_code || native().ossr_code_name(c);
  switch (c) {
    case code.E_SERVER:
      return new errors.ServerError(msg, { ...common, status: e.http_status });
    case code.E_ARG:
      return new errors.ClientError(msg, { ...common, field: e.field || '' });
    case code.E_CREDENTIALS:
      return new errors.CredentialsError(msg,
        { ...common, code: common.code || 'CredentialsError' });
    case code.E_FILE:
    case code.E_CHECKPOINT:
    case code.E_CHECKPOINT_IN_USE: {
      const Cls = c === code.E_FILE ? errors.FileError : errors.CheckpointError;
      const fileCode = c === code.E_CHECKPOINT_IN_USE ? 'CheckpointInUse'
        : errors.errnoName(e.sys_errno) || common.code;
      return new Cls(msg, { ...common, code: fileCode, errno: e.sys_errno ? -e.sys_errno : 0,
        path: e.path || '' });
    }
    case code.E_NETWORK:
      return new errors.RequestError(msg, common);
    case code.E_INCONSISTENT:
      return new errors.InconsistentError(msg, { ...common, partNumber: e.part_number,
        localCrc64: u64(e.local_crc64), serverCrc64: u64(e.server_crc64) });
    case code.E_CANCELLED:
      return new errors.CancelledError(msg, common);
    case code.E_FORK:
      return forkError();
    default:
      return new errors.LibraryError(`${native().ossr_code_name(c)}: ${msg}`);
  }
}

/** The ossr_error at ptr, its appended fields only when the library filled them. */
function decodeError(ptr) {
  const size = Number(koffi.decode(ptr, 'size_t'));
  if (size >= koffi.sizeof(types.ossrError)) return koffi.decode(ptr, types.ossrError);
  return { ...koffi.decode(ptr, types.ossrErrorV0), host_id: '', transport: '' };
}

/** Throws the error a failed call reported, freeing its struct; returns on OSSR_OK. */
function check(rc, errPtr) {
  if (rc === code.OK) return;
  let err = null;
  if (errPtr) {
    try {
      err = errorFrom(decodeError(errPtr), rc);
    } finally {
      native().ossr_error_free(errPtr);
    }
  } else {
    err = errorFrom(null, rc);
  }
  throw err;
}

module.exports = {
  ENV_LIBRARY, LIBRARY_FILE, code, SIGNATURE_V1, SIGNATURE_V4, CHECKPOINT_OFF,
  CHECKPOINT_DEFAULT, CHECKPOINT_PATH, MIN_PART_SIZE, native, load, candidates, check,
  readResult, sizeOf: (name) => koffi.sizeof(name), require: require_,
};
