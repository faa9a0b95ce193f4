'use strict';
// Client and Upload: ali-oss's multipartUpload on the native library's start / poll / wait
// API. The upload runs on the library's own threads; JavaScript only polls it from timers
// (ossr_upload_progress and ossr_upload_wait with a zero timeout never block), so the event
// loop never waits on native code and no JavaScript function is ever called from a foreign
// thread.

const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const n = require('./native');
const errors = require('./errors');

const DEFAULT_POLL_MS = 50;

function bad(field, message) {
  return new errors.ClientError(`${field}: ${message}`, { field });
}

function optString(field, v) {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw bad(field, `must be a string, not ${typeof v}`);
  return v;
}

function optInt(field, v, { min = -Infinity } = {}) {
  if (v === undefined || v === null) return 0;
  if (!Number.isSafeInteger(v) || v < min) {
    throw bad(field, `must be an integer >= ${min}, not ${v}`);
  }
  return v;
}

/** The library's retries: 0 means its default, negative none. */
function retriesField(field, v) {
  if (v === undefined || v === null) return 0;
  const r = optInt(field, v, { min: 0 });
  return r > 0 ? r : -1;
}

function durationMs(field, v) {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'string') { // ali-oss also accepts "60s" / "500ms"
    const m = /^(\d+)(ms|s)?$/.exec(v.trim());
    if (!m) throw bad(field, `cannot read ${JSON.stringify(v)} as a duration`);
    return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
  }
  return optInt(field, v, { min: 1 });
}

/**
 * Where the client signs and sends. ali-oss's `region` is "oss-cn-hangzhou"; V4 signs with
 * "cn-hangzhou". Without `endpoint`, the public endpoint of the region is used.
 */
function resolveEndpoint(o) {
  const region = optString('region', o.region);
  let endpoint = optString('endpoint', o.endpoint);
  const signingRegion = region ? region.replace(/^oss-/, '') : null;
  if (!endpoint) {
    if (!region) throw bad('endpoint', 'give endpoint or region');
    const host = `${region.startsWith('oss-') ? region : `oss-${region}`}.aliyuncs.com`;
    endpoint = host;
  }
  if (!/^[a-z]+:\/\//i.test(endpoint) && o.secure !== undefined) {
    endpoint = `${o.secure ? 'https' : 'http'}://${endpoint}`;
  }
  return { endpoint, signingRegion };
}

class Client {
  /**
   * @param {object} options  see index.d.ts (ClientOptions)
   */
  constructor(options = {}) {
    if (typeof options !== 'object' || options === null) throw bad('options', 'must be an object');
    const { endpoint, signingRegion } = resolveEndpoint(options);
    let signatureVersion = options.signatureVersion;
    if (signatureVersion === undefined && options.authorizationV4 !== undefined) {
      signatureVersion = options.authorizationV4 ? n.SIGNATURE_V4 : n.SIGNATURE_V1;
    }
    this.bucket = optString('bucket', options.bucket);
    this.endpoint = endpoint;
    this.region = signingRegion;
    this._pollMs = options.pollInterval === undefined ? DEFAULT_POLL_MS
      : optInt('pollInterval', options.pollInterval, { min: 1 });
    const opts = {
      size: 0,
      endpoint,
      region: signingRegion,
      signature_version: optInt('signatureVersion', signatureVersion, { min: 0 }),
      cloudbox_id: optString('cloudboxId', options.cloudboxId),
      access_key_id: optString('accessKeyId', options.accessKeyId),
      access_key_secret: optString('accessKeySecret', options.accessKeySecret),
      security_token: optString('stsToken', options.stsToken),
      cname: options.cname ? 1 : 0,
      path_style: options.pathStyle ? 1 : 0,
      connect_timeout_ms: durationMs('connectTimeout', options.connectTimeout),
      read_write_timeout_ms: durationMs('timeout', options.timeout),
      retries: retriesField('retryMax', options.retryMax),
      ca_file: optString('caFile', options.caFile),
      tls_skip_verify: options.rejectUnauthorized === false ? 1 : 0,
      proxy: optString('proxy', options.proxy),
      user_agent: optString('userAgent', options.userAgent),
      ca_path: optString('caPath', options.caPath),
      // The C SDK's speed_limit / speed_time (curl's low-speed limit): 1024 B/s for 15 s by
      // default; speedLimit 0 turns it off, as in curl.
      speed_limit: options.speedLimit === 0 ? -1 : optInt('speedLimit', options.speedLimit, { min: 0 }),
      speed_time_ms: durationMs('speedTime', options.speedTime),
    };
    const lib = n.native();
    opts.size = n.sizeOf('ossr_client_options');
    const out = [null];
    const err = [null];
    n.check(lib.ossr_client_new(opts, out, err), err[0]);
    this._handle = out[0];
  }

  get handle() {
    if (!this._handle) throw new errors.ClientError('the Client is closed', { code: 'Closed' });
    return this._handle;
  }

  /** Frees the native client. Uploads already started keep what they need. */
  close() {
    const h = this._handle;
    this._handle = null;
    if (h) n.native().ossr_client_free(h);
  }

  /**
   * Starts an upload and returns its Upload handle at once. Bad options throw ClientError
   * here, before any traffic.
   */
  startUpload(name, file, options = {}) {
    return new Upload(this, name, file, options);
  }

  /**
   * Uploads file to name, resuming an earlier interrupted upload of the same file; resolves
   * to { name, bucket, etag, crc64, ... }. See index.d.ts (MultipartUploadOptions).
   */
  async multipartUpload(name, file, options = {}) {
    if (options.progress !== undefined && typeof options.progress !== 'function') {
      throw bad('progress', 'must be a function');
    }
    const up = this.startUpload(name, file, options);
    return up.done({ progress: options.progress, signal: options.signal });
  }

  /**
   * Starts a download of name into file and returns its Download handle at once (the Upload
   * handle's methods). Bad options throw ClientError here, before any traffic.
   */
  startDownload(name, file, options = {}) {
    const { Download } = require('./download'); // download.js builds on Upload, below
    return new Download(this, name, file, options);
  }

  /**
   * Downloads name into file, resuming an earlier interrupted download of it; resolves to
   * { name, bucket, etag, crc64, verified, size, bytesFetched, bytesResumed, ... }. See
   * index.d.ts (DownloadOptions).
   */
  async resumableDownload(name, file, options = {}) {
    if (options.progress !== undefined && typeof options.progress !== 'function') {
      throw bad('progress', 'must be a function');
    }
    const dl = this.startDownload(name, file, options);
    return dl.done({ progress: options.progress, signal: options.signal });
  }
}

// `using client = new Client(...)` where the runtime has explicit resource management.
if (typeof Symbol.dispose === 'symbol') {
  Client.prototype[Symbol.dispose] = function dispose() { this.close(); };
}

function headerLines(options) {
  const lines = [];
  const add = (k, v, field) => {
    if (typeof v !== 'string' && typeof v !== 'number') {
      throw bad(field, `${k}: values must be strings, not ${typeof v}`);
    }
    lines.push(`${k}: ${v}`);
  };
  for (const [k, v] of Object.entries(options.headers || {})) add(k, v, 'headers');
  for (const [k, v] of Object.entries(options.meta || {})) add(`x-oss-meta-${k}`, v, 'meta');
  if (options.mime !== undefined) add('Content-Type', options.mime, 'mime');
  return lines;
}

/** ali-oss passes a checkpoint object to progress and back in options.checkpoint; ours names
 *  the native record on disk, which holds everything a resume needs. */
function checkpointMode(options, file) {
  const cp = options.checkpoint;
  // null is what ali-oss's last progress call leaves in a variable that saved the checkpoint:
  // it must not switch resume off for the next file, so it means the default, as undefined.
  if (cp === undefined || cp === null || cp === true) return { mode: n.CHECKPOINT_DEFAULT, path: `${file}.cp` };
  if (cp === false) return { mode: n.CHECKPOINT_OFF, path: null };
  if (typeof cp === 'string') return { mode: n.CHECKPOINT_PATH, path: cp };
  if (typeof cp === 'object') {
    if (cp.file !== undefined && path.resolve(cp.file) !== path.resolve(file)) {
      throw bad('checkpoint', `belongs to ${cp.file}, not ${file}`);
    }
    if (typeof cp.checkpointPath === 'string') {
      return { mode: n.CHECKPOINT_PATH, path: cp.checkpointPath };
    }
    if (cp.checkpointPath === null) return { mode: n.CHECKPOINT_OFF, path: null };
  }
  throw bad('checkpoint', 'must be true, false, a path, or a checkpoint object from progress');
}

class Upload {
  constructor(client, name, file, options) {
    if (typeof options !== 'object' || options === null) throw bad('options', 'must be an object');
    if (typeof name !== 'string') throw bad('name', 'must be a string');
    if (typeof file !== 'string') {
      throw bad('file', 'must be a file path (Buffer, Blob and stream input are not supported)');
    }
    const bucket = optString('bucket', options.bucket) ?? client.bucket;
    if (!bucket) throw bad('bucket', 'give it in the Client options or the upload options');
    this._handle = this._start(client, bucket, name, file, options);
    this._closing = false;
    this._driving = false;
    this._pollMs = client._pollMs;
    this.bucket = bucket;
    this.name = name;
    this.file = file;
  }

  /** The native family driving the handle: ossr_<family>_progress, _wait, _cancel, _free
   *  (lib/download.js's Download is this class over ossr_download_*). */
  get _family() { return 'upload'; }

  _fn(name) {
    return n.require(`ossr_${this._family}_${name}`);
  }

  /** Starts the native upload; returns its handle and sets checkpointPath. */
  _start(client, bucket, name, file, options) {
    const cp = checkpointMode(options, file);
    const lines = headerLines(options);
    const opts = {
      size: n.sizeOf('ossr_upload_options'),
      bucket,
      key: name,
      file_path: file,
      part_size: optInt('partSize', options.partSize, { min: 0 }),
      threads: optInt('parallel', options.parallel, { min: 0 }),
      checkpoint: cp.mode,
      checkpoint_path: cp.mode === n.CHECKPOINT_PATH ? cp.path : null,
      headers: lines.length ? [...lines, null] : null,
      disable_sha256: options.disableSha256 ? 1 : 0,
      retries: retriesField('retryMax', options.retryMax),
      // ali-oss sends files under one minimum part with a plain PUT.
      multipart_threshold: options.multipartThreshold === undefined ? n.MIN_PART_SIZE
        : optInt('multipartThreshold', options.multipartThreshold, { min: 0 }),
      continue_upload_id: optString('continueUploadId', options.continueUploadId),
      part_sha256: options.partSha256 ? 1 : 0,
    };
    const out = [null];
    const err = [null];
    n.check(n.native().ossr_upload_start(client.handle, opts, out, err), err[0]);
    this.checkpointPath = cp.path;
    return out[0];
  }

  /** The latest { done, total, finished }, without blocking. */
  progress() {
    const h = this._live();
    const done = [0];
    const total = [0];
    const finished = [0];
    n.check(this._fn('progress')(h, done, total, finished), null);
    return { done: Number(done[0]), total: Number(total[0]), finished: finished[0] !== 0 };
  }

  /** The record as it stands, without blocking: { uploadId ('' until there is one), partSize,
   *  partCount, file: { size, mtimeNs, ctimeNs, dev, ino }, parts: [{ number, etag, size,
   *  crc64 }] } (the parts finished so far, resumed ones included). */
  state() {
    const lib = n.native();
    const stateFn = n.require('ossr_upload_state');
    const res = [null];
    const err = [null];
    n.check(stateFn(this._live(), res, err), err[0]);
    try {
      return JSON.parse(n.readResult(res[0]).body.toString('utf8'));
    } finally {
      lib.ossr_result_free(res[0]);
    }
  }

  /** Asks the upload to stop; it then ends with a CancelledError, its checkpoint kept. */
  cancel() {
    if (this._handle) n.check(this._fn('cancel')(this._handle), null);
  }

  _live() {
    if (!this._handle) throw new errors.ClientError('the Upload is closed', { code: 'Closed' });
    return this._handle;
  }

  /** The outcome of a finished upload: its result, or throws its error. */
  _outcome() {
    const lib = n.native();
    const res = [null];
    const err = [null];
    const rc = this._fn('wait')(this._live(), 0, res, err);
    if (rc === n.code.E_TIMEOUT) return null;
    n.check(rc, err[0]);
    try {
      return n.readResult(res[0]);
    } finally {
      lib.ossr_result_free(res[0]);
    }
  }

  _shape(r) {
    return shapeResult(r);
  }

  _checkpointInfo(p) {
    return {
      file: this.file, name: this.name, fileSize: p.total, doneBytes: p.done,
      checkpointPath: this.checkpointPath,
    };
  }

  /**
   * Resolves with the result once the upload ends (rejects with its error), calling
   * progress(p, checkpoint, info) from the event loop as it advances. A progress that throws
   * (or returns a promise that rejects), or an aborted signal, cancels the upload.
   */
  async done({ progress, signal } = {}) {
    this._live();
    if (this._driving) {
      throw new errors.ClientError('done() is already running', { code: 'Busy' });
    }
    this._driving = true;
    let userError = null;
    const stopWith = (e) => {
      if (userError === null) userError = e;
      this.cancel();
    };
    const onAbort = () => this.cancel();
    if (signal) {
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
    const call = (frac, cpt, p) => {
      try {
        const r = progress(frac, cpt, { doneBytes: p.done, totalBytes: p.total });
        if (r && typeof r.then === 'function') r.then(null, stopWith);
      } catch (e) {
        stopWith(e);
      }
    };
    try {
      let last = 0;
      for (;;) {
        const p = this.progress();
        if (p.finished) break;
        if (progress && userError === null && p.done > last && p.total > 0) {
          last = p.done;
          call(p.done / p.total, this._checkpointInfo(p), p);
        }
        await sleep(this._pollMs);
      }
      let result;
      try {
        result = this._outcome();
      } catch (e) {
        if (userError !== null) throw userError;
        if (e instanceof errors.CancelledError && signal && signal.aborted) {
          if (signal.reason !== undefined) e.cause = signal.reason;
        }
        throw e;
      }
      if (userError !== null) throw userError;
      if (progress && result.total_bytes > 0) {
        // ali-oss's last call: 1, and no checkpoint (the record is gone with the upload).
        await progress(1, null, { doneBytes: result.total_bytes, totalBytes: result.total_bytes });
      }
      return this._shape(result);
    } finally {
      if (signal) signal.removeEventListener('abort', onAbort);
      this._driving = false;
      this.close();
    }
  }

  /** Frees the handle. A running upload is cancelled and freed once it has stopped, from a
   *  timer, so this never blocks the event loop. */
  close() {
    const h = this._handle;
    if (!h || this._closing) return;
    if (this._driving) { // done() is polling it and frees it when it ends
      this.cancel();
      return;
    }
    const finished = () => {
      const f = [0];
      this._fn('progress')(h, null, null, f);
      return f[0] !== 0;
    };
    const free = () => {
      this._handle = null;
      this._fn('free')(h);
    };
    if (finished()) {
      free();
      return;
    }
    this._closing = true;
    this._fn('cancel')(h);
    const reap = () => (finished() ? free() : setTimeout(reap, this._pollMs));
    setTimeout(reap, this._pollMs);
  }
}

function shapeResult(r) {
  const headers = {};
  for (const line of r.headers) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
  }
  return {
    name: r.key,
    bucket: r.bucket,
    etag: r.etag,
    crc64: r.crc64,
    verified: r.verified,
    requestId: r.request_id,
    uploadId: r.upload_id,
    versionId: r.version_id,
    size: Number(r.total_bytes),
    partSize: Number(r.part_size),
    parts: r.parts,
    bytesSent: Number(r.bytes_sent),
    bytesResumed: Number(r.bytes_resumed),
    data: r.body,
    res: { status: r.http_status, statusCode: r.http_status, headers, size: r.body.length },
  };
}

module.exports = { Client, Upload, bad, optInt, optString, retriesField };
