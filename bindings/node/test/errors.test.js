'use strict';
// Every error type: server errors with status, code and requestId, network errors,
// inconsistent data, local file errors with Node's errno names, bad arguments before any
// traffic, missing credentials.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { after, before, beforeEach, describe, it } = require('node:test');
const { Emulator, KEY_ID, KEY_SECRET } = require('../testing/emulator');
const { PART, tempDir, makeFile, client } = require('../testing/fixtures');
const {
  OssError, ClientError, CredentialsError, ServerError, RequestError, InconsistentError,
  FileError, CheckpointError,
} = require('..');

async function closedPort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

describe('errors', () => {
  let emu;
  let dir;
  let small;
  before(async () => {
    emu = await Emulator.start();
    dir = tempDir();
    small = makeFile(dir, 'small.bin', 3 * PART).file;
  });
  after(async () => {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await emu.clearFaults();
    await emu.clearLog();
  });

  const serverCases = [
    { name: 'wrong secret', client: { accessKeySecret: 'wrong' }, status: 403, code: 'SignatureDoesNotMatch' },
    { name: 'unknown key id', client: { accessKeyId: 'nobody' }, status: 403, code: 'InvalidAccessKeyId' },
    { name: 'bad STS token', client: { stsToken: 'not-the-token' }, status: 403, code: 'InvalidSecurityToken' },
    { name: 'no such bucket', client: { bucket: 'no-such-bucket' }, status: 404, code: 'NoSuchBucket' },
    { name: 'upload gone', fault: 'op=UploadPart,part=2,expire-upload', status: 404, code: 'NoSuchUpload', ec: '0017-00000244' },
    { name: 'throttled', fault: 'op=Initiate,status=503,code=SlowDown', status: 503, code: 'SlowDown' },
    { name: 'forbidden', fault: 'op=Initiate,status=403,code=AccessDenied', status: 403, code: 'AccessDenied' },
  ];
  for (const tc of serverCases) {
    it(`server error: ${tc.name}`, async () => {
      if (tc.fault) await emu.addFault(tc.fault);
      const c = client(emu, tc.client || {});
      try {
        const err = await c.multipartUpload('err.bin', small, { partSize: PART, checkpoint: false, retryMax: 0 })
          .then(() => assert.fail('resolved'), (e) => e);
        assert.ok(err instanceof ServerError && err instanceof OssError && err instanceof Error);
        assert.equal(err.status, tc.status);
        assert.equal(err.code, tc.code);
        assert.equal(err.name, `${tc.code}Error`);
        assert.ok(err.message);
        assert.ok(err.requestId, 'the request id must be kept');
        const logged = (await emu.log()).filter((e) => e.code === tc.code).map((e) => e.requestId);
        assert.ok(logged.includes(err.requestId), 'the request id is the server\'s');
        if (tc.ec) {
          assert.equal(err.ec, tc.ec);
          assert.ok(err.uploadId);
        }
      } finally {
        c.close();
      }
    });
  }

  it('InconsistentError when the server reports another CRC-64', async () => {
    await emu.addFault('op=Complete,wrong-crc');
    const c = client(emu);
    const err = await c.multipartUpload('crc.bin', small, { partSize: PART, checkpoint: false, retryMax: 0 })
      .then(() => assert.fail('resolved'), (e) => e);
    c.close();
    assert.ok(err instanceof InconsistentError);
    assert.equal(err.status, -3);
    assert.notEqual(err.localCrc64, err.serverCrc64);
    assert.match(err.localCrc64, /^\d+$/);
  });

  it('RequestError when nothing listens', async () => {
    const c = client(emu, { endpoint: `http://127.0.0.1:${await closedPort()}`, connectTimeout: 2000 });
    await assert.rejects(c.multipartUpload('net.bin', small, { checkpoint: false, retryMax: 0 }),
      (e) => e instanceof RequestError && e.status === -2);
    c.close();
  });

  const fileCases = [
    { name: 'missing', file: () => path.join(dir, 'does-not-exist'), code: 'ENOENT' },
    { name: 'a directory', file: () => dir, code: 'EISDIR' },
  ];
  for (const tc of fileCases) {
    it(`FileError with Node's errno name: ${tc.name}`, async () => {
      const c = client(emu);
      const file = tc.file();
      const err = await c.multipartUpload('file.bin', file).then(() => assert.fail('resolved'), (e) => e);
      c.close();
      assert.ok(err instanceof FileError);
      assert.equal(err.code, tc.code);
      assert.equal(err.errno, -require('node:os').constants.errno[tc.code]);
      assert.equal(err.path, file);
      assert.deepEqual(await emu.log(), [], 'no traffic for a file that cannot be read');
    });
  }

  const argCases = [
    { name: 'part size too small', opts: { partSize: 1000 }, field: 'part' },
    { name: 'too many parallel parts', opts: { parallel: 5000 }, field: 'thread' },
    { name: 'part size not an integer', opts: { partSize: 1.5 }, field: 'partSize' },
    { name: 'checkpoint of the wrong type', opts: { checkpoint: 3 }, field: 'checkpoint' },
    { name: 'checkpoint of another file', opts: { checkpoint: { file: '/elsewhere', checkpointPath: '/x.cp' } }, field: 'checkpoint' },
    { name: 'meta value not a string', opts: { meta: { a: {} } }, field: 'meta' },
    { name: 'progress not a function', opts: { progress: 5 }, field: 'progress' },
    { name: 'negative threshold', opts: { multipartThreshold: -1 }, field: 'multipartThreshold' },
  ];
  for (const tc of argCases) {
    it(`ClientError before any traffic: ${tc.name}`, async () => {
      const c = client(emu);
      await assert.rejects(c.multipartUpload('arg.bin', small, tc.opts), (e) => {
        assert.ok(e instanceof ClientError, e);
        assert.equal(e.status, -1);
        assert.ok((e.field + e.message).toLowerCase().includes(tc.field.toLowerCase()), `${e.field}: ${e.message}`);
        return true;
      });
      c.close();
      assert.deepEqual(await emu.log(), []);
    });
  }

  it('ClientError for a file that is not a path, and for an empty name', async () => {
    const c = client(emu);
    await assert.rejects(c.multipartUpload('b.bin', Buffer.from('x')), ClientError);
    await assert.rejects(c.multipartUpload('', small), ClientError);
    c.close();
  });

  const clientCases = [
    { name: 'neither endpoint nor region', opts: { endpoint: undefined, region: undefined } },
    { name: 'bad signature version', opts: { signatureVersion: 3 } },
    { name: 'unreadable timeout', opts: { timeout: 'soon' } },
    { name: 'key id without secret', opts: { accessKeySecret: undefined } },
  ];
  for (const tc of clientCases) {
    it(`ClientError from the Client constructor: ${tc.name}`, () => {
      assert.throws(() => client(emu, tc.opts), ClientError);
    });
  }

  it('a closed client refuses new uploads', async () => {
    const c = client(emu);
    c.close();
    await assert.rejects(c.multipartUpload('closed.bin', small), ClientError);
  });

  it('CheckpointError (CheckpointInUse) for a second upload of the same file', async () => {
    await emu.addFault('op=UploadPart,delay=300ms');
    const c = client(emu);
    const first = c.startUpload('busy.bin', small, { partSize: PART, parallel: 1 });
    while (first.progress().done === 0) await new Promise((r) => setTimeout(r, 10));
    await assert.rejects(c.multipartUpload('busy.bin', small, { partSize: PART }),
      (e) => e instanceof CheckpointError && e.code === 'CheckpointInUse');
    await first.done();
    c.close();
  });

  // The library reads OSS_ACCESS_KEY_ID / _SECRET with getenv() at each request, and Node's
  // process.env writes through to the C environment.
  async function withEnv(vars, fn) {
    const saved = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('OSS_'))
      .map((k) => [k, process.env[k]]));
    for (const k of Object.keys(saved)) delete process.env[k];
    Object.assign(process.env, vars);
    try {
      return await fn();
    } finally {
      for (const k of Object.keys(process.env)) if (k.startsWith('OSS_')) delete process.env[k];
      Object.assign(process.env, saved);
    }
  }

  it('CredentialsError without keys or OSS_ACCESS_KEY_ID', async () => {
    const c = client(emu, { accessKeyId: undefined, accessKeySecret: undefined });
    await withEnv({}, () => assert.rejects(c.multipartUpload('k', small, { checkpoint: false }),
      (e) => e instanceof CredentialsError && e instanceof ClientError && e.status === -1));
    c.close();
    assert.deepEqual(await emu.log(), [], 'no request without credentials');
  });

  it('credentials from the environment', async () => {
    const c = client(emu, { accessKeyId: undefined, accessKeySecret: undefined });
    const r = await withEnv({ OSS_ACCESS_KEY_ID: KEY_ID, OSS_ACCESS_KEY_SECRET: KEY_SECRET },
      () => c.multipartUpload('env.bin', small, { checkpoint: false }));
    c.close();
    assert.equal(r.res.status, 200);
  });
});
