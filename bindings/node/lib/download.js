'use strict';
// Downloads on the native engine (ossr_download_*): the Download handle, which is lib/client.js's
// Upload over the download family (the same polling from timers, progress, cancel, AbortSignal
// and close), and the ali-oss-shaped OSS.prototype.resumableDownload that lib/alioss.js installs.
// ali-oss has no resumable download: the method is named and shaped in its style
// (progress(p, checkpoint, res), partSize, parallel, checkpoint objects, client.cancel()).

const path = require('node:path');
const n = require('./native');
const errors = require('./errors');
const { Upload, bad, optInt, retriesField } = require('./client');

/** ali-oss's style for the checkpoint of a download: undefined, null or true = the default
 *  record beside the file ("<file>.dcp"); false = not resumable; a string = the record's path;
 *  the object progress gave (or its JSON parsed) = the record it names. */
function checkpointMode(cp, file) {
  if (cp === undefined || cp === null || cp === true) return { mode: n.CHECKPOINT_DEFAULT, path: `${file}.dcp` };
  if (cp === false) return { mode: n.CHECKPOINT_OFF, path: null };
  if (typeof cp === 'string') return { mode: n.CHECKPOINT_PATH, path: cp };
  if (typeof cp === 'object') {
    if (cp.file !== undefined && path.resolve(cp.file) !== path.resolve(file)) {
      throw bad('checkpoint', `belongs to ${cp.file}, not ${file}`);
    }
    if (typeof cp.checkpointPath === 'string') return { mode: n.CHECKPOINT_PATH, path: cp.checkpointPath };
    if (cp.checkpointPath === null) return { mode: n.CHECKPOINT_OFF, path: null };
  }
  throw bad('checkpoint', 'must be true, false, a path, or a checkpoint object from progress');
}

class Download extends Upload {
  get _family() { return 'download'; }

  _start(client, bucket, name, file, options) {
    const cp = checkpointMode(options.checkpoint, file);
    const opts = {
      size: n.sizeOf('ossr_download_options'),
      bucket,
      key: name,
      file_path: file,
      part_size: optInt('partSize', options.partSize, { min: 0 }),
      threads: optInt('parallel', options.parallel, { min: 0 }),
      checkpoint: cp.mode,
      // The default record is "<file>.dcp" on the engine's side too: name it only when asked.
      checkpoint_path: cp.mode === n.CHECKPOINT_PATH ? cp.path : null,
      retries: retriesField('retryMax', options.retryMax),
    };
    const out = [null];
    const err = [null];
    n.check(n.require('ossr_download_start')(client.handle, opts, out, err), err[0]);
    this.checkpointPath = cp.path;
    return out[0];
  }

  /** Downloads keep no state a caller acts on: the record lives at checkpointPath. */
  state() {
    throw new errors.ClientError('a Download has no state(): its record is at checkpointPath',
      { code: 'InvalidArgument' });
  }

  _checkpointInfo(p) {
    return { file: this.file, name: this.name, fileSize: p.total, doneBytes: p.done,
      checkpointPath: this.checkpointPath };
  }

  _shape(r) {
    return shapeDownload(r);
  }
}

function headerMap(lines) {
  const headers = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
  }
  return headers;
}

/** A download's result: the object's identity, the file's CRC-64, what was fetched. `res` is
 *  the HEAD's that identified the object. */
function shapeDownload(r) {
  const headers = headerMap(r.headers);
  return {
    name: r.key,
    bucket: r.bucket,
    etag: r.etag,
    crc64: r.crc64,
    verified: r.verified,
    requestId: r.request_id,
    versionId: r.version_id,
    size: Number(r.total_bytes),
    partSize: Number(r.part_size),
    parts: r.parts,
    bytesFetched: Number(r.bytes_sent),
    bytesResumed: Number(r.bytes_resumed),
    res: { status: r.http_status, statusCode: r.http_status, headers, size: 0 },
  };
}

/**
 * Installs resumableDownload(name, file, options) on the ali-oss-shaped OSS (lib/facade.js's
 * client): this client's cancel() stops it as it stops uploads (rejecting with name 'cancel'),
 * errors carry ali-oss's names, and progress(p, checkpoint, res) is called as multipartUpload
 * calls it: p in [0, 1), then exactly (1, null, res) once the file is in place.
 */
function installAliOSS(OSS, { aliError, objectUrl, cancelError }) {
  const DEFAULT_PARALLEL = 5; // ali-oss's parallel

  OSS.prototype.resumableDownload = async function resumableDownload(name, file, options) {
    this.resetCancelFlag();
    options = options || {};
    if (typeof options !== 'object') throw bad('options', 'must be an object');
    if (typeof name !== 'string' || !name) throw bad('name', 'must be a non-empty string');
    if (typeof file !== 'string' || !file) throw bad('file', 'must be a file path');
    if (options.progress !== undefined && typeof options.progress !== 'function') {
      throw bad('progress', 'must be a function');
    }
    if (options.partSize !== undefined && (!Number.isSafeInteger(options.partSize) || options.partSize < 1)) {
      throw bad('partSize', 'must be a positive integer');
    }
    const bucket = this._bucket(options);
    await this._refreshCredentials();
    if (this.isCancel()) throw cancelError();
    const { client, own } = this._clientFor(options);
    const started = Date.now();
    let dl;
    try {
      dl = client.native.startDownload(name, file, {
        bucket, partSize: options.partSize, parallel: options.parallel || DEFAULT_PARALLEL,
        checkpoint: options.checkpoint, retryMax: options.retryMax,
      });
    } catch (e) {
      throw aliError(e);
    } finally {
      if (own) client.close(); // the download keeps what it needs
    }
    const url = objectUrl(this.options.endpoint, bucket, name, this.options.cname, '');
    // ali-oss's res (as facade.js's multipartUpload gives it): the HEAD's status and headers.
    const resOf = (status, headers) => ({
      status, statusCode: status, statusMessage: status === 200 ? 'OK' : '', headers, size: 0,
      aborted: false, rt: Date.now() - started, keepAliveSocket: false, data: Buffer.alloc(0),
      requestUrls: [url], timing: null, remoteAddress: '', remotePort: 0,
    });
    const { progress } = options;
    const onProgress = progress && ((p, cpt) => progress(p === 1 ? 1 : Math.min(p, 1 - Number.EPSILON),
      cpt, resOf(200, {})));
    if (this.isCancel()) dl.cancel();
    this._running.add(dl);
    try {
      const out = await dl.done({ progress: onProgress, signal: options.signal });
      if (this.isCancel()) throw cancelError(); // finished as the cancel came: still a cancel
      out.res = resOf(out.res.status, out.res.headers);
      return out;
    } catch (e) {
      if (e instanceof errors.CancelledError && (this.isCancel() || (options.signal && options.signal.aborted))) {
        const c = cancelError();
        if (options.signal && options.signal.aborted && options.signal.reason !== undefined) c.cause = options.signal.reason;
        throw c;
      }
      throw aliError(e);
    } finally {
      this._running.delete(dl);
    }
  };
}

module.exports = { Download, installAliOSS, checkpointMode, shapeDownload };
