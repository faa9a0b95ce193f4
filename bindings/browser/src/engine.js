'use strict';
// The browser's engine adapter for the shared facade (bindings/node/lib/facade.js): the engine
// is the wasm build running in a Worker (worker.js, bindings/browser/ENGINE.md), reached by
// postMessage RPC. One Worker per page, created on first use (not by `new OSS()`), the wasm
// loaded once; every client and upload of the page shares it. The page thread only posts
// messages and reads the answers: parts are read, hashed and sent in the Worker.

const { ms } = require('../../node/lib/facade');
const { fromEngine } = require('./errors');

const POLL_MS = 50;

// --- the Worker ------------------------------------------------------------------------------

let scriptURL = '';
if (typeof document !== 'undefined' && document.currentScript && document.currentScript.src) {
  scriptURL = document.currentScript.src; // where ossresume.js was loaded from
}

const config = {
  /** worker.js's URL: beside ossresume.js unless set (OSS.workerURL) before the first upload. */
  workerURL: '',
  /** How long to wait for the Worker to start the wasm (ms). */
  startTimeoutMs: 60000,
};

let worker = null;
let ready = null;
let nextId = 1;
const pending = new Map(); // id -> { resolve, reject }
const clients = new Map(); // client handle -> hooks
const uploads = new Map(); // upload handle -> upload record

function workerURL() {
  if (config.workerURL) return config.workerURL;
  const base = scriptURL || (typeof location !== 'undefined' ? location.href : '');
  return new URL('worker.js', base).href;
}

function failAll(err) {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function onMessage(ev) {
  const m = ev.data;
  if (!m || typeof m !== 'object') return;
  if (m.event) {
    onEvent(m);
    return;
  }
  const p = pending.get(m.id);
  if (!p) return;
  pending.delete(m.id);
  if (m.ok) p.resolve(m.value);
  else p.reject(m.error);
}

function onEvent(m) {
  switch (m.event) {
    case 'progress': {
      const up = uploads.get(m.handle);
      if (up && !up.finished) {
        up.done = Number(m.done);
        up.total = Number(m.total);
      }
      break;
    }
    case 'credentials': {
      const hooks = clients.get(m.handle);
      if (hooks) Promise.resolve().then(() => hooks.onCredentials(m.reason)).catch(() => {});
      break;
    }
    default:
      break;
  }
}

/** The started Worker (a promise), created on the first call. */
function started() {
  if (ready) return ready;
  ready = new Promise((resolve, reject) => {
    let w;
    try {
      w = new Worker(workerURL());
    } catch (e) {
      reject(new Error(`ossresume: cannot start the Worker ${workerURL()}: ${e.message}`));
      return;
    }
    const timer = setTimeout(() => {
      reject(new Error(`ossresume: the Worker ${workerURL()} did not start the engine within ` +
        `${config.startTimeoutMs} ms (is ossresume.wasm served beside it, as application/wasm?)`));
    }, config.startTimeoutMs);
    w.addEventListener('message', function first(ev) {
      if (ev.data && ev.data.event === 'ready') {
        clearTimeout(timer);
        w.removeEventListener('message', first);
        resolve(w);
      } else if (ev.data && ev.data.event === 'fatal') {
        clearTimeout(timer);
        w.removeEventListener('message', first);
        reject(new Error(`ossresume: the engine could not start: ${ev.data.message} (is ` +
          'ossresume.wasm served beside worker.js, as application/wasm?)'));
        ready = null;
        worker = null;
        w.terminate();
      }
    });
    w.addEventListener('message', onMessage);
    w.addEventListener('error', (ev) => {
      clearTimeout(timer);
      const err = new Error(`ossresume: the Worker failed: ${ev.message || 'error loading ' +
        `${workerURL()}`}`);
      ev.preventDefault();
      reject(err);
      failAll(err);
      ready = null; // the next call starts another
      worker = null;
    });
    worker = w;
  });
  return ready;
}

/** One call to the engine: resolves with its value, rejects with its error (as posted). */
async function rpc(op, args) {
  const w = await started();
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    try {
      w.postMessage({ id, op, args });
    } catch (e) {
      pending.delete(id);
      reject(e);
    }
  });
}

/** Like rpc, but the engine's error becomes one of the package's error classes. */
async function call(op, args, ctx) {
  try {
    return await rpc(op, args);
  } catch (e) {
    throw fromEngine(e, ctx);
  }
}

// --- options ---------------------------------------------------------------------------------

function retries(v) {
  if (v === undefined || v === null) return 0; // the engine's default
  return v > 0 ? v : -1; // 0 asked: none
}

function clientOptions(o) {
  return {
    endpoint: o.endpoint,
    region: o.region,
    signature_version: o.signatureVersion,
    access_key_id: o.accessKeyId ?? null,
    access_key_secret: o.accessKeySecret ?? null,
    security_token: o.stsToken ?? null,
    cname: o.cname ? 1 : 0,
    path_style: o.pathStyle ? 1 : 0,
    connect_timeout_ms: ms('connectTimeout', o.connectTimeout) ?? 0,
    read_write_timeout_ms: ms('timeout', o.timeout) ?? 0,
    retries: retries(o.retryMax),
    user_agent: o.userAgent ?? null,
    speed_limit: o.speedLimit === 0 ? -1 : (o.speedLimit ?? 0),
    speed_time_ms: ms('speedTime', o.speedTime) ?? 0,
  };
}

// --- the adapter -----------------------------------------------------------------------------

function makeEngine({ headerLines }) {
  const origin = () => (typeof location !== 'undefined' ? location.origin : '');

  function newClient(options, hooks) {
    const opts = clientOptions(options);
    let handle = null; // a promise of the engine's client handle, made on first use
    const ensure = () => {
      if (!handle) {
        handle = call('client.new', { options: opts }, { origin: origin() }).then((v) => {
          clients.set(v.client, hooks);
          return v.client;
        });
      }
      return handle;
    };
    return {
      pollMs: options.pollInterval || POLL_MS,
      ensure,
      async setCredentials(id, secret, token) {
        opts.access_key_id = id;
        opts.access_key_secret = secret;
        opts.security_token = token;
        if (!handle) return; // client.new sends them
        const client = await handle;
        await call('client.set_credentials', {
          client, access_key_id: id, access_key_secret: secret, security_token: token,
        });
      },
      close() {
        if (!handle) return;
        handle.then((client) => {
          clients.delete(client);
          return rpc('client.free', { client });
        }).catch(() => {});
      },
      start(name, file, o) {
        return startUpload(ensure, name, file, o, headerLines, options);
      },
    };
  }

  function startUpload(ensure, name, file, o, lines, clientOpts) {
    const ctx = { origin: origin(), bucket: o.bucket };
    const up = {
      handle: null, done: 0, total: file.size, finished: false, result: null, error: null,
      cancelled: false, freed: false,
    };
    const options = {
      bucket: o.bucket,
      key: name,
      file,
      part_size: o.partSize || 0,
      threads: o.parallel || 0,
      checkpoint: o.checkpoint,
      retries: retries(o.retryMax ?? clientOpts.retryMax),
      multipart_threshold: o.multipartThreshold ?? 0,
      continue_upload_id: o.continueUploadId ?? null,
      headers: lines(o),
      part_sha256: o.partSha256 ? 1 : 0,
    };
    const run = (async () => {
      const client = await ensure();
      const v = await rpc('upload.start', { client, options });
      up.handle = v.upload;
      uploads.set(up.handle, up);
      if (up.cancelled) rpc('upload.cancel', { upload: up.handle }).catch(() => {});
      return rpc('upload.wait', { upload: up.handle });
    })();
    run.then((r) => {
      up.result = r;
      up.done = up.total;
      up.finished = true;
    }, (e) => {
      up.error = fromEngine(e, ctx);
      up.finished = true;
    });
    return {
      progress: () => ({ done: up.done, total: up.total, finished: up.finished }),
      async state() {
        if (up.handle === null) return null;
        return call('upload.state', { upload: up.handle }, ctx);
      },
      cancel() {
        up.cancelled = true;
        if (up.handle !== null && !up.finished) {
          rpc('upload.cancel', { upload: up.handle }).catch(() => {});
        }
      },
      outcome() {
        if (up.error) throw up.error;
        return up.result;
      },
      close() {
        if (up.handle === null || up.freed) return;
        up.freed = true;
        const h = up.handle;
        run.catch(() => {}).then(() => {
          uploads.delete(h);
          return rpc('upload.free', { upload: h });
        }).catch(() => {});
      },
    };
  }

  const OPS = { abort: 'multipart.abort', list_parts: 'multipart.list_parts', list_uploads: 'multipart.list_uploads' };

  return {
    SIGNATURE_V1: 1,
    SIGNATURE_V4: 4,
    newClient,
    checkFile(file, bad) {
      if (typeof Blob === 'undefined' || !(file instanceof Blob)) {
        throw bad('file', 'must be a File or Blob (from an <input type="file">, drag and drop, or new File([...]))');
      }
    },
    fileSize: async (file) => file.size,
    // ali-oss keeps the File in the checkpoint; after a JSON round trip it is {} (no identity
    // left to compare), and the engine's record binds the upload to the file anyway.
    sameFile(cpFile, file) {
      if (cpFile === file) return true;
      if (typeof cpFile !== 'object' || cpFile === null) return false;
      if (cpFile.size === undefined && cpFile.name === undefined) return true;
      return cpFile.size === file.size && (cpFile.name ?? file.name) === file.name
        && (cpFile.lastModified ?? file.lastModified) === file.lastModified;
    },
    fileName: (f) => (f && f.name ? JSON.stringify(f.name) : 'a Blob'),
    checkpointFile: (file) => file,
    checkpointOption: () => 1, // the engine's default: the record in IndexedDB
    // The engine's record names the File by name, size and lastModified (mtimeNs: ms x 1e6).
    fileId: (f) => ({ name: f.name, lastModified: Math.round(Number(f.mtimeNs || 0) / 1e6) }),
    async multipartOp(client, op, bucket, args) {
      const handle = await client.ensure();
      const a = { client: handle, bucket };
      if (op === 'list_uploads') a.prefix = args[0];
      else [a.key, a.upload_id] = args;
      const v = await call(OPS[op], a, { origin: origin(), bucket });
      const r = v || {};
      let body = r.body ?? {};
      if (typeof body === 'string') body = JSON.parse(body || '{}');
      if (op === 'list_parts' && !body.parts) body = { ...body, parts: [] };
      if (op === 'list_uploads' && !body.uploads) body = { ...body, uploads: [] };
      return { bucket: r.bucket || bucket, body, status: r.http_status || 200, headers: r.headers || [] };
    },
    emptyBody: () => new Uint8Array(0),
    bodyLength: (b) => (typeof b === 'string' ? b.length : b.byteLength ?? b.length ?? 0),
    bodyText: (b) => (typeof b === 'string' ? b : new TextDecoder().decode(b)),
    base64(s) {
      let bin = '';
      for (const c of new TextEncoder().encode(s)) bin += String.fromCharCode(c);
      return btoa(bin);
    },
  };
}

module.exports = { makeEngine, config };
