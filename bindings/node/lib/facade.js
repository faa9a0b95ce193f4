'use strict';
// OSS: ali-oss's client shape (`new OSS(options)`, multipartUpload, cancel, isCancel,
// abortMultipartUpload, listParts, listUploads) on an engine. It translates names, defaults,
// checkpoint objects, results and errors; every rule (part plan, resume, integrity) stays in
// the engine. Facts about ali-oss's shapes come from its 6.x sources (lib/managed-upload.js,
// lib/common/multipart.js, lib/common/parallel.js, lib/client.js, lib/browser/*).
//
// This module is shared by the Node package (lib/alioss.js: the engine is libossresume through
// koffi) and the browser package (bindings/browser: the engine is the wasm build in a Worker).
// It uses nothing of Node or of the DOM; what differs lives in the engine adapter given to
// makeOSS:
//
//   SIGNATURE_V1, SIGNATURE_V4      the engine's signature_version numbers
//   newClient(clientOptions, hooks) a client: { pollMs, setCredentials(id, secret, token),
//                                   close(), start(name, file, uploadOptions) -> upload };
//                                   hooks.onCredentials() is called when the engine asks for
//                                   fresh credentials (answered through setCredentials)
//   checkFile(file, bad)            throws bad('file', ...) for what the engine cannot read
//   fileSize(file)                  its size in bytes (a promise; 0 when it cannot be read:
//                                   the engine then names the problem)
//   sameFile(cpFile, file)          whether a checkpoint's `file` names this file
//   fileName(file)                  how an error message names it
//   checkpointFile(file)            what the checkpoint object's `file` holds
//   checkpointOption(options)       the upload's `checkpoint` option (where the record lives)
//   fileId(stateFile)               the file identity the checkpoint object carries
//   multipartOp(client, op, bucket, args)  'abort' | 'list_parts' | 'list_uploads': resolves to
//                                   { bucket, body (parsed), status, headers: ["Name: v"] }
//   emptyBody(), bodyLength(b), bodyText(b), base64(string)
// An upload: progress() -> { done, total, finished }, state() -> the record (ossr_upload_state),
// cancel(), outcome() -> the result with ossr_result's names (throws its error), close();
// progress, state and outcome may return promises.

const errors = require('./errors-core');

// ali-oss: a file below 100 KiB goes with one PutObject; parts are at least that big.
const MIN_PART_SIZE = 100 * 1024;
const DEFAULT_PART_SIZE = 1024 * 1024;
const MAX_PARTS = 10000;
const DEFAULT_PARALLEL = 5;
const DEFAULT_REFRESH_MS = 5 * 60 * 1000;
// Credentials that say when they expire are refreshed this long before (ours).
const REFRESH_BEFORE_EXPIRY_MS = 60 * 1000;
const STATE_MS = 100;
const STATE_MS_PER_PART = 0.05;

const sleep = (msec) => new Promise((resolve) => { setTimeout(resolve, msec); });

function bad(field, message) {
  return new errors.ClientError(`${field}: ${message}`, { field });
}

/** ali-oss's rule: the asked size (default 1 MiB), raised to ceil(size / 10,000). */
function partSizeFor(fileSize, asked) {
  return Math.max(asked || DEFAULT_PART_SIZE, Math.ceil(fileSize / MAX_PARTS));
}

/** ms from a number or ali-oss's humanize-ms strings ("60s", "500ms", "2m"). */
function ms(field, v) {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return v;
  const m = typeof v === 'string' && /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(v);
  if (!m) throw bad(field, `cannot read ${JSON.stringify(v)} as a duration`);
  return Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60000, h: 3600000 }[m[2] || 'ms']);
}

/** The endpoint URL and the V4 signing region, as ali-oss derives them. */
function resolveEndpoint(o) {
  let region = o.region ?? 'oss-cn-hangzhou';
  if (typeof region !== 'string' || !region) throw bad('region', 'must be a non-empty string');
  const hostRegion = region.startsWith('oss-') ? region : `oss-${region}`;
  const signingRegion = hostRegion.slice(4);
  const scheme = o.secure ? 'https' : 'http';
  let endpoint = o.endpoint;
  if (endpoint !== undefined && endpoint !== null) {
    if (typeof endpoint !== 'string' || !endpoint) throw bad('endpoint', 'must be a non-empty string');
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)) endpoint = `${scheme}://${endpoint}`;
    if (!/^https?:\/\//i.test(endpoint)) throw bad('endpoint', 'protocol must be http or https');
  } else {
    endpoint = `${scheme}://${hostRegion}${o.internal ? '-internal' : ''}.aliyuncs.com`;
  }
  region = signingRegion;
  return { endpoint: endpoint.replace(/\/+$/, ''), region };
}

/** A request URL as ali-oss reports it in res.requestUrls. */
function objectUrl(endpoint, bucket, name, cname, query) {
  const u = new URL(endpoint);
  const key = name.split('/').map(encodeURIComponent).join('/');
  const ipHost = /^\d+\.\d+\.\d+\.\d+$|^\[/.test(u.hostname) || u.hostname === 'localhost';
  let base;
  if (cname) base = `${u.protocol}//${u.host}/${key}`;
  else if (ipHost) base = `${u.protocol}//${u.host}/${bucket}/${key}`;
  else base = `${u.protocol}//${bucket}.${u.host}/${key}`;
  return query ? `${base}?${query}` : base;
}

function headersFrom(lines) {
  const headers = {};
  for (const line of lines || []) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
  }
  return headers;
}

/** The engine's header lines for an upload's headers, meta and mime options. */
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

/** Gives an error of ours ali-oss's names and numbers; `name` 'cancel' is made elsewhere. */
function aliError(e) {
  if (e instanceof errors.RequestError) {
    // ali-oss (urllib): -1 a network failure, -2 a timeout. The browser's typed network
    // errors (CorsError, ...) keep their own name and code; their status follows the rule.
    if (e.transport === 'timeout') {
      e.name = 'ConnectionTimeoutError';
      e.code = 'ConnectionTimeoutError';
      e.status = -2;
    } else if (e.constructor === errors.RequestError) {
      e.name = 'RequestError';
      e.code = 'RequestError';
      e.status = -1;
    } else {
      e.status = -1;
    }
  } else if (e instanceof errors.ServerError) {
    e.ecCode = e.ec; // ali-oss's spelling
  }
  return e;
}

function cancelError() {
  const e = new errors.CancelledError('cancel', { code: 'cancel' });
  e.name = 'cancel'; // ali-oss rejects with { name: 'cancel', status: 0 }
  return e;
}

/** Brings the checkpoint object up to date with the engine's record, in place (ali-oss hands
 *  the same object to every progress call and mutates the one it was given). */
function fillCheckpoint(cpt, state, job, engine) {
  cpt.file = job.cpFile;
  cpt.name = job.name;
  cpt.fileSize = state.file && state.file.size !== undefined ? state.file.size : job.fileSize;
  cpt.partSize = state.partSize;
  cpt.uploadId = state.uploadId;
  cpt.doneParts = state.parts.map((p) => ({ number: p.number, etag: p.etag, size: p.size, crc64: p.crc64 }));
  // Ours, beside ali-oss's fields: where the record is, and the file it is bound to.
  cpt.bucket = job.bucket;
  cpt.fileId = state.file ? engine.fileId(state.file) : undefined;
}

/** The OSS constructor on one engine. */
function makeOSS(engine) {
  /** ali-oss's `res`: what its response carries, filled from what the engine reports. */
  function resShape({ status = 200, headers = {}, size = 0, rt = 0, url, data }) {
    return {
      status, statusCode: status, statusMessage: status === 200 ? 'OK' : '', headers, size,
      aborted: false, rt, keepAliveSocket: false, data: data ?? engine.emptyBody(),
      requestUrls: url ? [url] : [], timing: null, remoteAddress: '', remotePort: 0,
    };
  }

  /** The X-OSS callback headers ali-oss builds from options.callback. */
  function callbackHeaders(cb) {
    if (typeof cb !== 'object' || cb === null || typeof cb.url !== 'string') {
      throw bad('callback', 'must be an object with url (and body, host, contentType, customValue)');
    }
    const json = { callbackUrl: encodeURI(cb.url), callbackBody: cb.body };
    if (cb.host) json.callbackHost = cb.host;
    if (cb.contentType) json.callbackBodyType = cb.contentType;
    if (cb.callbackSNI) json.callbackSNI = cb.callbackSNI;
    const out = { 'x-oss-callback': engine.base64(JSON.stringify(json)) };
    if (cb.customValue) {
      const vars = {};
      for (const [k, v] of Object.entries(cb.customValue)) vars[`x:${k}`] = String(v);
      out['x-oss-callback-var'] = engine.base64(JSON.stringify(vars));
    }
    return out;
  }

  class OSSClient {
    /**
     * ali-oss's options (see index.d.ts, OSSOptions). Options of ali-oss that do not apply
     * here (agent, httpsAgent, urllib, useFetch, headerEncoding, sldEnable, isRequestPay,
     * requestErrorRetryHandle, ...) are accepted and ignored.
     */
    constructor(options) {
      if (typeof options !== 'object' || options === null) throw bad('options', 'must be an object');
      const o = { ...options };
      for (const k of ['accessKeyId', 'accessKeySecret', 'stsToken']) {
        if (typeof o[k] === 'string') o[k] = o[k].trim();
        else if (o[k] !== undefined && o[k] !== null) throw bad(k, 'must be a string');
      }
      // Neither key: OSS_ACCESS_KEY_ID / _SECRET / OSS_SESSION_TOKEN at each request (ours).
      if (!o.accessKeyId !== !o.accessKeySecret) {
        throw bad(o.accessKeyId ? 'accessKeySecret' : 'accessKeyId',
          'give accessKeyId and accessKeySecret together (or neither, to read the environment)');
      }
      const { endpoint, region } = resolveEndpoint(o);
      if (o.refreshSTSToken !== undefined && o.refreshSTSToken !== null
        && typeof o.refreshSTSToken !== 'function') {
        throw bad('refreshSTSToken', 'must be a function returning { accessKeyId, accessKeySecret, stsToken }');
      }
      this.options = {
        ...o, region: o.region ?? 'oss-cn-hangzhou', endpoint, bucket: o.bucket ?? null,
        secure: !!o.secure, timeout: ms('timeout', o.timeout) ?? 60000, cname: !!o.cname,
        authorizationV4: !!o.authorizationV4, retryMax: o.retryMax ?? 0,
        refreshSTSTokenInterval: ms('refreshSTSTokenInterval', o.refreshSTSTokenInterval)
          ?? DEFAULT_REFRESH_MS,
        cancelFlag: false,
      };
      this._signingRegion = region;
      this._clientOptions = {
        endpoint, region, bucket: o.bucket ?? undefined,
        signatureVersion: o.signatureVersion
          ?? (o.authorizationV4 ? engine.SIGNATURE_V4 : engine.SIGNATURE_V1),
        accessKeyId: o.accessKeyId || undefined, accessKeySecret: o.accessKeySecret || undefined,
        stsToken: o.stsToken || undefined, cname: o.cname, pathStyle: o.pathStyle,
        timeout: ms('timeout', o.timeout),
        connectTimeout: o.connectTimeout,
        // ali-oss: retryMax absent means no retries of its own; ours keeps the engine's
        // default (3 per request) then, and a number given is the number of retries (0: none).
        retryMax: o.retryMax,
        caFile: o.caFile, caPath: o.caPath, rejectUnauthorized: o.rejectUnauthorized,
        proxy: typeof o.proxy === 'string' ? o.proxy : undefined, userAgent: o.userAgent,
        pollInterval: o.pollInterval, cloudboxId: o.cloudboxId,
        speedLimit: o.speedLimit, speedTime: o.speedTime,
      };
      this._hooks = { onCredentials: () => this._onEngineCredentials() };
      this._client = engine.newClient(this._clientOptions, this._hooks);
      this._running = new Set();
      this._stsFresh = Date.now();
      this._stsExpires = 0;
      this._refreshing = null;
    }

    /** ali-oss: later calls go to this bucket. */
    useBucket(name) {
      if (typeof name !== 'string' || !name) throw bad('bucket', 'must be a non-empty string');
      this.options.bucket = name;
      return this;
    }

    /** Stops every upload of this client now: they reject with an error named 'cancel', their
     *  checkpoints kept (requests in flight are aborted at once). With { name, uploadId },
     *  that upload is also aborted on the server, as ali-oss does. */
    cancel(abort) {
      this.options.cancelFlag = true;
      for (const up of this._running) up.cancel();
      if (abort) {
        this.abortMultipartUpload(abort.name, abort.uploadId, abort.options).catch(() => {});
      }
    }

    isCancel() {
      return this.options.cancelFlag;
    }

    resetCancelFlag() {
      this.options.cancelFlag = false;
    }

    _bucket(options) {
      const b = (options && options.bucket) || this.options.bucket;
      if (!b) throw bad('bucket', 'give it in the client options, options.bucket, or useBucket()');
      return b;
    }

    /** ali-oss's refreshSTSToken: called when the interval has passed (or, ours, when the
     *  credentials it gave say they expire within a minute), before a request and while
     *  uploads run; the new credentials reach the uploads already running. One refresh runs at
     *  a time: callers meanwhile wait for that one. `force`: the engine was told the token
     *  expired. */
    async _refreshCredentials(force = false) {
      const o = this.options;
      if (typeof o.refreshSTSToken !== 'function') return;
      const now = Date.now();
      const due = now - this._stsFresh >= o.refreshSTSTokenInterval
        || (this._stsExpires && now >= this._stsExpires - REFRESH_BEFORE_EXPIRY_MS);
      if (!force && !due && !this._refreshing) return;
      if (!this._refreshing) {
        this._refreshing = (async () => {
          try {
            const c = await o.refreshSTSToken();
            const id = c && c.accessKeyId;
            const secret = c && c.accessKeySecret;
            const token = c && (c.stsToken ?? c.securityToken);
            await this._client.setCredentials(id ?? null, secret ?? null, token ?? null);
            Object.assign(o, { accessKeyId: id, accessKeySecret: secret, stsToken: token });
            this._stsFresh = Date.now();
            const exp = c && Date.parse(c.expiration ?? c.Expiration ?? '');
            this._stsExpires = Number.isFinite(exp) ? exp : 0;
          } finally {
            this._refreshing = null;
          }
        })();
      }
      await this._refreshing;
    }

    /** The engine asks for fresh credentials (a SecurityTokenExpired answer, or expiry near):
     *  refresh through refreshSTSToken; without one, answer with the credentials it has, so
     *  the engine's retry fails with the server's code at once instead of waiting. */
    async _onEngineCredentials() {
      const o = this.options;
      try {
        if (typeof o.refreshSTSToken === 'function') {
          await this._refreshCredentials(true);
          return;
        }
      } catch {
        // refreshSTSToken failed: the engine gets what it had, and its retry fails loudly
      }
      await this._client.setCredentials(o.accessKeyId ?? null, o.accessKeySecret ?? null,
        o.stsToken ?? null);
    }

    /** A client for one call whose timeout differs from this client's (ali-oss's per-call
     *  timeout); the caller closes it. */
    _clientFor(options) {
      const t = ms('timeout', options.timeout);
      if (t === undefined || t === this._clientOptions.timeout) return { client: this._client, own: false };
      return { client: engine.newClient({ ...this._clientOptions, timeout: t }, this._hooks), own: true };
    }

    /**
     * ali-oss's multipartUpload: resolves to { res, bucket, name, etag } (plus data with a
     * callback, and ours: crc64, bytesResumed, uploadId, size). See index.d.ts.
     */
    async multipartUpload(name, file, options) {
      this.resetCancelFlag();
      options = options || {};
      if (typeof options !== 'object') throw bad('options', 'must be an object');
      if (typeof name !== 'string' || !name) throw bad('name', 'must be a non-empty string');
      engine.checkFile(file, bad);
      if (options.progress !== undefined && typeof options.progress !== 'function') {
        throw bad('progress', 'must be a function');
      }
      const bucket = this._bucket(options);
      let cp = options.checkpoint;
      if (cp !== undefined && cp !== null && typeof cp !== 'object') {
        throw bad('checkpoint', 'must be the object progress gave (or parsed from its JSON), null or undefined');
      }
      let continueId;
      let partSize;
      const fileSize = await engine.fileSize(file);
      if (cp && cp.uploadId) {
        // ali-oss resumes exactly what the checkpoint names; a checkpoint of another file or
        // object is refused rather than silently sending that file there.
        if (cp.file !== undefined && cp.file !== null && !engine.sameFile(cp.file, file)) {
          throw bad('checkpoint', `is for the file ${engine.fileName(cp.file)}, not ${engine.fileName(file)}`);
        }
        if (cp.name !== undefined && cp.name !== name) {
          throw bad('checkpoint', `is for the object ${cp.name}, not ${name}`);
        }
        if (typeof cp.uploadId !== 'string') throw bad('checkpoint', 'uploadId must be a string');
        if (!Number.isSafeInteger(cp.partSize) || cp.partSize < MIN_PART_SIZE) {
          throw bad('checkpoint', `partSize must be an integer >= ${MIN_PART_SIZE}`);
        }
        continueId = cp.uploadId;
        partSize = cp.partSize;
      } else {
        cp = null;
        if (options.partSize !== undefined) {
          if (!Number.isSafeInteger(options.partSize)) throw bad('partSize', 'must be an integer');
          if (options.partSize < MIN_PART_SIZE) {
            throw bad('partSize', `must not be smaller than ${MIN_PART_SIZE}`);
          }
        }
        partSize = partSizeFor(fileSize, options.partSize);
      }
      const parallel = options.parallel || DEFAULT_PARALLEL;
      const headers = { ...(options.headers || {}) };
      if (options.callback) Object.assign(headers, callbackHeaders(options.callback));
      await this._refreshCredentials();
      if (this.isCancel()) throw cancelError();

      const { client, own } = this._clientFor(options);
      const started = Date.now();
      let up;
      try {
        up = client.start(name, file, {
          bucket, partSize, parallel, headers, meta: options.meta, mime: options.mime,
          retryMax: options.retryMax, checkpoint: engine.checkpointOption(options),
          continueUploadId: continueId, multipartThreshold: MIN_PART_SIZE,
          disableSha256: options.disableSha256, partSha256: options.partSha256,
        });
      } finally {
        if (own) client.close(); // the upload keeps what it needs
      }
      this._running.add(up);
      try {
        const result = await this._drive(up, {
          name, cpFile: engine.checkpointFile(file), bucket, fileSize, cp,
          progress: options.progress, started, pollMs: client.pollMs,
        });
        const body = result.body ?? engine.emptyBody();
        const res = resShape({
          status: result.http_status, headers: headersFrom(result.headers),
          size: engine.bodyLength(body), rt: Date.now() - started, data: body,
          url: objectUrl(this.options.endpoint, bucket, name, this.options.cname,
            result.upload_id ? `uploadId=${result.upload_id}` : ''),
        });
        if (options.progress) {
          if (result.upload_id) await options.progress(1, null, res);
          else await options.progress(1); // ali-oss's PutObject path: one call, nothing else
        }
        const out = {
          res, bucket, name, etag: result.etag,
          crc64: result.crc64, verified: result.verified, bytesResumed: Number(result.bytes_resumed),
          uploadId: result.upload_id, size: Number(result.total_bytes),
        };
        if (headers['x-oss-callback']) {
          try {
            out.data = JSON.parse(engine.bodyText(body));
          } catch {
            out.data = body;
          }
        }
        return out;
      } finally {
        this._running.delete(up);
      }
    }

    /** Polls up from timers until it ends, calling progress as ali-oss does; returns the
     *  engine's result or throws the error, ali-oss-shaped. */
    async _drive(up, job) {
      const { progress } = job;
      let userError = null;
      let pending = null; // the progress call in flight: calls never overlap
      let lastDone = -1;
      let lastParts = -1;
      let lastState = 0;
      const cpt = job.cp || {
        file: job.cpFile, name: job.name, fileSize: job.fileSize, partSize: 0, uploadId: '',
        doneParts: [],
      };
      const call = (frac, state) => {
        fillCheckpoint(cpt, state, job, engine);
        const r0 = resShape({ rt: Date.now() - job.started, url: objectUrl(this.options.endpoint,
          job.bucket, job.name, this.options.cname, `uploadId=${state.uploadId}`) });
        pending = (async () => {
          try {
            await progress(frac, cpt, r0);
          } catch (e) {
            if (userError === null) userError = e;
            up.cancel();
          } finally {
            pending = null;
          }
        })();
      };
      try {
        for (;;) {
          const p = await up.progress();
          if (p.finished) break;
          if (this.isCancel()) up.cancel();
          // The record is read every STATE_MS, less often for a long one (it is copied whole,
          // as JSON: 10,000 parts are about a megabyte), whether or not new bytes were read:
          // the last parts finish while none are, and each finished part is a call in ali-oss.
          const now = Date.now();
          if (progress && userError === null && pending === null && p.total > 0
            && now - lastState >= Math.max(STATE_MS, lastParts * STATE_MS_PER_PART)) {
            lastState = now;
            const state = await up.state();
            if (state && state.uploadId && (p.done > lastDone || state.parts.length !== lastParts)) {
              lastDone = p.done;
              lastParts = state.parts.length;
              call(Math.min(p.done / p.total, 1 - Number.EPSILON), state);
            }
          }
          this._refreshCredentials().catch(() => {}); // best effort; a stale token fails loudly
          await sleep(job.pollMs);
        }
        if (pending) await pending;
        let result;
        try {
          result = await up.outcome();
        } catch (e) {
          if (userError !== null) throw userError;
          if (e instanceof errors.CancelledError && this.isCancel()) {
            await fillCheckpointSafe(cpt, up, job);
            throw cancelError();
          }
          throw aliError(e);
        }
        if (userError !== null) throw userError;
        if (this.isCancel()) throw cancelError(); // finished as the cancel came: still a cancel
        return result;
      } finally {
        up.close();
      }
    }

    /** ali-oss's abortMultipartUpload: also stops this client's uploads (ali-oss's _stop). */
    async abortMultipartUpload(name, uploadId, options = {}) {
      this.options.cancelFlag = true;
      for (const up of this._running) up.cancel();
      const r = await this._multipartOp('abort', options, name, uploadId);
      return { res: r.res };
    }

    /** ali-oss's listParts: { res, uploadId, bucket, name, partNumberMarker,
     *  nextPartNumberMarker, maxParts, isTruncated, parts: [{ PartNumber, LastModified, ETag,
     *  Size }] } (strings, as ali-oss parses the XML). The engine reads every page; max-parts
     *  and part-number-marker are applied to that listing here. */
    async listParts(name, uploadId, query = {}, options = {}) {
      query = query || {};
      const r = await this._multipartOp('list_parts', options, name, uploadId);
      const marker = Number(query['part-number-marker'] || 0);
      const max = Number(query['max-parts'] || 1000);
      if (!Number.isSafeInteger(marker) || marker < 0) throw bad('part-number-marker', 'must be a non-negative integer');
      if (!Number.isSafeInteger(max) || max < 1 || max > 1000) throw bad('max-parts', 'must be 1..1000');
      const after = r.body.parts.filter((p) => p.number > marker);
      const page = after.slice(0, max);
      const truncated = after.length > page.length;
      return {
        res: r.res, uploadId, bucket: r.bucket, name,
        partNumberMarker: String(marker),
        nextPartNumberMarker: page.length ? String(page[page.length - 1].number) : String(marker),
        maxParts: String(max), isTruncated: truncated ? 'true' : 'false',
        parts: page.map((p) => ({
          PartNumber: String(p.number), LastModified: p.lastModified || '', ETag: p.etag,
          Size: String(p.size),
        })),
      };
    }

    /** ali-oss's listUploads: { res, uploads: [{ name, uploadId, initiated }], bucket,
     *  nextKeyMarker, nextUploadIdMarker, isTruncated }. `prefix` is sent; the engine reads
     *  every page, and `max-uploads`, `key-marker`, `upload-id-marker` are applied here. */
    async listUploads(query = {}, options = {}) {
      query = query || {};
      const r = await this._multipartOp('list_uploads', options, query.prefix || null);
      let ups = r.body.uploads;
      const km = query['key-marker'];
      const im = query['upload-id-marker'];
      if (km) ups = ups.filter((u) => u.key > km || (u.key === km && im && u.uploadId > im));
      const max = Number(query['max-uploads'] || 1000);
      if (!Number.isSafeInteger(max) || max < 1 || max > 1000) throw bad('max-uploads', 'must be 1..1000');
      const page = ups.slice(0, max);
      const truncated = ups.length > page.length;
      const last = page[page.length - 1];
      return {
        res: r.res,
        uploads: page.map((u) => ({ name: u.key, uploadId: u.uploadId, initiated: u.initiated })),
        bucket: r.bucket,
        nextKeyMarker: truncated && last ? last.key : '',
        nextUploadIdMarker: truncated && last ? last.uploadId : '',
        isTruncated: truncated,
      };
    }

    async _multipartOp(op, options, ...args) {
      options = options || {};
      const bucket = this._bucket(options);
      for (const [i, a] of args.entries()) {
        if (a !== null && typeof a !== 'string') {
          throw bad(['name', 'uploadId'][i] || 'argument', 'must be a string');
        }
      }
      await this._refreshCredentials();
      const { client, own } = this._clientFor(options);
      const started = Date.now();
      let r;
      try {
        r = await engine.multipartOp(client, op, bucket, args);
      } catch (e) {
        throw aliError(e);
      } finally {
        if (own) client.close();
      }
      const query = op === 'list_uploads' ? 'uploads' : `uploadId=${encodeURIComponent(args[1])}`;
      return {
        bucket: r.bucket, body: r.body,
        res: resShape({ status: r.status, headers: headersFrom(r.headers), rt: Date.now() - started,
          url: objectUrl(this.options.endpoint, bucket, op === 'list_uploads' ? '' : args[0],
            this.options.cname, query) }),
      };
    }

    /** Frees the engine's client (ours; ali-oss has nothing to close). */
    close() {
      this._client.close();
    }
  }

  async function fillCheckpointSafe(cpt, up, job) {
    try {
      const state = await up.state();
      if (state && state.uploadId) fillCheckpoint(cpt, state, job, engine);
    } catch {
      // the checkpoint object keeps what it had
    }
  }

  /** The constructor users get: `new OSS(options)`, or `OSS(options)` as ali-oss allows. */
  function OSS(options) {
    if (!new.target) return new OSS(options);
    return Reflect.construct(OSSClient, [options], new.target);
  }
  OSS.prototype = OSSClient.prototype;
  Object.defineProperty(OSS.prototype, 'constructor', { value: OSS, writable: true, configurable: true });
  return OSS;
}

module.exports = {
  makeOSS, partSizeFor, aliError, headerLines, headersFrom, resolveEndpoint, ms, bad,
  MIN_PART_SIZE,
  objectUrl, cancelError, // issue 21: lib/download.js's resumableDownload
};
