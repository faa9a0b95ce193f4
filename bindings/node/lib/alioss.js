'use strict';
// OSS for Node: ali-oss's client shape (lib/facade.js, shared with the browser package) on the
// native engine, libossresume through koffi. This file is the engine adapter: files are paths,
// the checkpoint record is a file beside them, and calls that wait on the network run on
// koffi's worker pool so the event loop never does.

const fs = require('node:fs/promises');
const path = require('node:path');
const n = require('./native');
const { Client } = require('./client');
const { makeOSS, partSizeFor, aliError, objectUrl, cancelError } = require('./facade');
const { installAliOSS } = require('./download');

/** Runs a native call on koffi's worker pool, so the event loop never waits on the network. */
function callAsync(fn, ...args) {
  return new Promise((resolve, reject) => {
    fn.async(...args, (err, rc) => (err ? reject(err) : resolve(rc)));
  });
}

const OPS = {
  abort: 'ossr_abort_upload',
  list_parts: 'ossr_list_parts',
  list_uploads: 'ossr_list_uploads',
};

/** An Upload of lib/client.js as the facade drives it. */
function wrapUpload(up) {
  return {
    progress: () => up.progress(),
    state: () => up.state(),
    cancel: () => up.cancel(),
    outcome: () => up._outcome(),
    close: () => up.close(),
  };
}

const nodeEngine = {
  SIGNATURE_V1: n.SIGNATURE_V1,
  SIGNATURE_V4: n.SIGNATURE_V4,

  newClient(options) {
    const client = new Client(options);
    return {
      native: client,
      pollMs: client._pollMs,
      setCredentials(id, secret, token) {
        const err = [null];
        n.check(n.require('ossr_client_set_credentials')(client.handle, id, secret, token, err), err[0]);
      },
      close: () => client.close(),
      start: (name, file, opts) => wrapUpload(client.startUpload(name, file, opts)),
    };
  },

  checkFile(file, bad) {
    if (typeof file !== 'string') {
      throw bad('file', 'must be a file path (Buffer, File and stream input are not supported)');
    }
  },
  async fileSize(file) {
    const stat = await fs.stat(file).catch(() => null); // a missing file: the engine names it
    return stat ? stat.size : 0;
  },
  sameFile: (cpFile, file) => typeof cpFile !== 'string' || path.resolve(cpFile) === path.resolve(file),
  fileName: (file) => String(file),
  checkpointFile: (file) => file,
  checkpointOption: (options) => options.checkpointPath ?? true,
  fileId: (f) => ({ mtimeNs: f.mtimeNs, ctimeNs: f.ctimeNs, dev: f.dev, ino: f.ino }),

  async multipartOp(client, op, bucket, args) {
    const fn = n.require(OPS[op]);
    const res = [null];
    const err = [null];
    const rc = await callAsync(fn, client.native.handle, bucket, ...args, res, err);
    n.check(rc, err[0]);
    const lib = n.native();
    try {
      const r = n.readResult(res[0]);
      const body = r.body.length ? JSON.parse(r.body.toString('utf8')) : {};
      return { bucket: r.bucket, body, status: r.http_status, headers: r.headers };
    } finally {
      lib.ossr_result_free(res[0]);
    }
  },

  emptyBody: () => Buffer.alloc(0),
  bodyLength: (b) => b.length,
  bodyText: (b) => b.toString('utf8'),
  base64: (s) => Buffer.from(s).toString('base64'),
};

const OSS = makeOSS(nodeEngine);
installAliOSS(OSS, { aliError, objectUrl, cancelError }); // Node only: a file on disk

module.exports = { OSS, partSizeFor, aliError, nodeEngine };
