'use strict';
// ossresume's OSS against ali-oss's shapes: the constructor and its options, progress and
// result, listParts / listUploads / abortMultipartUpload next to the real ali-oss on the same
// server, errors, refreshed STS credentials, and an event loop that never waits.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const { after, before, beforeEach, describe, it } = require('node:test');
const AliOSS = require('ali-oss');
const OSS = require('..');
const { Emulator, STS_TOKEN } = require('../testing/emulator');
const { PART, makeFile } = require('../testing/fixtures');
const { ossOptions, tempDir } = require('../testing/alioss');

describe('new OSS(options)', () => {
  it('is ali-oss\'s constructor, with the named exports on it', () => {
    const c = new OSS({ accessKeyId: 'a', accessKeySecret: 'b', bucket: 'bkt', agent: {}, urllib: {} });
    assert.equal(c.options.endpoint, 'http://oss-cn-hangzhou.aliyuncs.com'); // ali-oss's default region
    assert.equal(OSS({ region: 'cn-beijing', secure: true, accessKeyId: 'a', accessKeySecret: 'b' })
      .options.endpoint, 'https://oss-cn-beijing.aliyuncs.com');
    assert.equal(new OSS({ region: 'oss-cn-beijing', internal: true, accessKeyId: 'a', accessKeySecret: 'b' })
      .options.endpoint, 'http://oss-cn-beijing-internal.aliyuncs.com');
    assert.equal(new OSS({ endpoint: 'example.com:8080', secure: true, accessKeyId: 'a', accessKeySecret: 'b' })
      .options.endpoint, 'https://example.com:8080');
    for (const k of ['Client', 'Upload', 'version', 'OssError', 'ServerError', 'RequestError', 'CancelledError']) {
      assert.ok(OSS[k], k);
    }
    assert.equal(typeof new OSS.Client({ endpoint: 'http://127.0.0.1:1', region: 'x' }).multipartUpload, 'function');
  });

  const refused = [
    [{ accessKeyId: 'a' }, 'accessKeySecret'],
    [{ accessKeyId: 'a', accessKeySecret: 'b', endpoint: 'ftp://x' }, 'endpoint'],
    [{ accessKeyId: 'a', accessKeySecret: 'b', timeout: 'soon' }, 'timeout'],
    [{ accessKeyId: 'a', accessKeySecret: 'b', refreshSTSToken: 'x' }, 'refreshSTSToken'],
  ];
  for (const [o, field] of refused) {
    it(`refuses a bad ${field}, naming it`, () => {
      assert.throws(() => new OSS(o), (e) => e instanceof OSS.ClientError && e.field === field);
    });
  }
});

describe('OSS on ossemu', () => {
  let emu;
  let dir;
  before(async () => {
    emu = await Emulator.start();
    dir = tempDir();
  });
  after(async () => {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await emu.clearFaults();
    await emu.clearLog();
  });

  it('progress as ali-oss: growing, checkpoint objects, an exact 1 with null last; result shape', async () => {
    const client = new OSS(ossOptions(emu));
    const { file, data } = makeFile(dir, 'shape.bin', 3 * 1024 * 1024 + 1);
    await emu.addFault('op=UploadPart,delay=100ms');
    const calls = [];
    const r = await client.multipartUpload('shape.bin', file, {
      parallel: 2, meta: { who: 'me' }, mime: 'text/plain', headers: { 'Cache-Control': 'no-cache' },
      async progress(p, cpt, res) {
        await new Promise((s) => setTimeout(s, 5)); // async, awaited before the next call
        calls.push({ p, cpt: cpt && JSON.parse(JSON.stringify(cpt)), res });
      },
    });
    assert.ok(calls.length >= 2, `${calls.length} progress calls`);
    const last = calls.at(-1);
    assert.equal(last.p, 1);
    assert.equal(last.cpt, null);
    assert.equal(last.res.status, 200);
    for (let i = 1; i < calls.length; i++) assert.ok(calls[i].p >= calls[i - 1].p);
    for (const c of calls.slice(0, -1)) {
      assert.ok(c.p >= 0 && c.p < 1);
      assert.deepEqual(Object.keys(c.cpt).slice(0, 6), ['file', 'name', 'fileSize', 'partSize', 'uploadId', 'doneParts']);
      assert.equal(c.cpt.partSize, 1024 * 1024); // ali-oss's default
      assert.equal(c.cpt.fileSize, data.length);
      assert.equal(c.cpt.uploadId, r.uploadId);
      assert.ok(Array.isArray(c.res.requestUrls) && typeof c.res.headers === 'object');
    }
    assert.ok(calls.some((c) => c.cpt && c.cpt.doneParts.length > 0));
    for (const k of ['res', 'bucket', 'name', 'etag']) assert.ok(k in r, k);
    for (const k of ['status', 'headers', 'requestUrls', 'size', 'rt']) assert.ok(k in r.res, `res.${k}`);
    assert.equal(r.etag, r.res.headers.etag);
    assert.match(r.res.requestUrls[0], /\/shape\.bin\?uploadId=/);
    assert.ok(/^\d+$/.test(r.crc64) && r.bytesResumed === 0);
    const got = await emu.getObject('shape.bin');
    assert.ok(got.body.equals(data));
    assert.equal(got.headers.get('x-oss-meta-who'), 'me');
    assert.equal(got.headers.get('content-type'), 'text/plain');
    const parts = (await emu.log()).filter((e) => e.op === 'UploadPart').length;
    assert.equal(parts, 4, '1 MiB parts, as ali-oss');
  });

  it('a file under 100 KiB: one PutObject and progress(1) alone, as ali-oss', async () => {
    const client = new OSS(ossOptions(emu));
    const { file, data } = makeFile(dir, 'small.bin', 1000);
    const calls = [];
    const r = await client.multipartUpload('small.bin', file, { progress: (...a) => calls.push(a) });
    assert.deepEqual(calls, [[1]]);
    assert.equal(r.res.status, 200);
    assert.ok((await emu.getObject('small.bin')).body.equals(data));
    assert.deepEqual((await emu.log()).map((e) => e.op), ['PutObject']);
  });

  it('partSize is raised to keep 10,000 parts, and below 100 KiB it is refused before any traffic', async () => {
    assert.equal(require('../lib/alioss').partSizeFor(20000 * 1024 * 1024, 1024 * 1024), 2048 * 1024);
    const client = new OSS(ossOptions(emu));
    const { file } = makeFile(dir, 'ps.bin', 300 * 1024);
    await assert.rejects(client.multipartUpload('ps.bin', file, { partSize: 1000 }),
      (e) => e.field === 'partSize' && /102400/.test(e.message));
    await assert.rejects(client.multipartUpload('ps.bin', Buffer.alloc(3)), (e) => e.field === 'file');
    assert.deepEqual(await emu.log(), []);
  });

  it('listParts, listUploads, abortMultipartUpload: the shapes ali-oss gives on the same upload', async () => {
    const ali = new AliOSS(ossOptions(emu));
    const ours = new OSS(ossOptions(emu));
    const { file } = makeFile(dir, 'lists.bin', 3 * PART);
    const { uploadId } = await ali.initMultipartUpload('lists.bin');
    for (const n of [1, 2]) await ali.uploadPart('lists.bin', uploadId, n, file, (n - 1) * PART, n * PART);
    const a = await ali.listParts('lists.bin', uploadId);
    const o = await ours.listParts('lists.bin', uploadId);
    assert.deepEqual(Object.keys(o).sort(), Object.keys(a).sort());
    assert.equal(o.uploadId, a.uploadId);
    assert.equal(o.bucket, a.bucket);
    assert.equal(o.name, a.name);
    assert.equal(o.isTruncated, a.isTruncated);
    const strip = (p) => ({ PartNumber: p.PartNumber, ETag: p.ETag, Size: p.Size });
    assert.deepEqual(o.parts.map(strip), a.parts.map(strip));
    for (const [x, y] of o.parts.map((p, i) => [p, a.parts[i]])) {
      assert.ok(Math.abs(Date.parse(x.LastModified) - Date.parse(y.LastModified)) < 1000);
    }
    const page = await ours.listParts('lists.bin', uploadId, { 'max-parts': 1 });
    assert.equal(page.parts.length, 1);
    assert.equal(page.isTruncated, 'true');
    const rest = await ours.listParts('lists.bin', uploadId, { 'part-number-marker': page.nextPartNumberMarker });
    assert.deepEqual(rest.parts.map((p) => p.PartNumber), ['2']);

    const lu = await ours.listUploads({ prefix: 'lists' });
    const la = await ali.listUploads({ prefix: 'lists' });
    assert.deepEqual(Object.keys(lu).sort(), Object.keys(la).sort());
    assert.deepEqual(lu.uploads.map((u) => [u.name, u.uploadId]), la.uploads.map((u) => [u.name, u.uploadId]));
    assert.equal(lu.uploads[0].uploadId, uploadId);

    const ab = await ours.abortMultipartUpload('lists.bin', uploadId);
    assert.equal(ab.res.status, 204);
    assert.ok(ours.isCancel(), 'abortMultipartUpload stops the client\'s uploads, as ali-oss\'s does');
    assert.deepEqual((await ali.listUploads({ prefix: 'lists' })).uploads, []);
  });

  it('errors carry ali-oss\'s name, status, code, requestId and hostId', async () => {
    const client = new OSS(ossOptions(emu));
    const e = await client.listParts('nope.bin', 'NOSUCHUPLOAD').then(() => null, (x) => x);
    const a = await new AliOSS(ossOptions(emu)).listParts('nope.bin', 'NOSUCHUPLOAD').then(() => null, (x) => x);
    for (const k of ['name', 'status', 'code']) assert.equal(e[k], a[k], k);
    assert.equal(e.name, 'NoSuchUploadError');
    assert.ok(e.requestId && e.hostId, `requestId ${e.requestId} hostId ${e.hostId}`);

    const srv = net.createServer((s) => s.destroy()); // answers nothing: a reset
    await new Promise((r) => srv.listen(0, '127.0.0.1', r));
    const port = srv.address().port;
    srv.close();
    const dead = new OSS(ossOptions(emu, { endpoint: `http://127.0.0.1:${port}`, retryMax: 0 }));
    const { file } = makeFile(dir, 'err.bin', 2 * PART);
    const re = await dead.multipartUpload('err.bin', file).then(() => null, (x) => x);
    assert.equal(re.name, 'RequestError');
    assert.equal(re.status, -1);

    await emu.addFault('op=InitiateMultipartUpload,delay=3s');
    const slow = new OSS(ossOptions(emu, { timeout: 300, retryMax: 0 }));
    const te = await slow.multipartUpload('err.bin', file).then(() => null, (x) => x);
    assert.equal(te.name, 'ConnectionTimeoutError');
    assert.equal(te.status, -2);
  });

  it('callback as ali-oss encodes it; result.data is the callback server\'s reply', async () => {
    const http = require('node:http');
    let got = null;
    const srv = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        got = { body, type: req.headers['content-type'] };
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ ok: true, seen: body }));
      });
    });
    await new Promise((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const client = new OSS(ossOptions(emu));
      const { file } = makeFile(dir, 'cb.bin', 3 * PART);
      const r = await client.multipartUpload('cb.bin', file, {
        partSize: PART,
        callback: {
          url: `http://127.0.0.1:${srv.address().port}/cb`,
          body: 'object=${object}&v=${x:v}',
          contentType: 'application/x-www-form-urlencoded',
          customValue: { v: 'hello' },
        },
      });
      assert.ok(got, 'the callback server was not called');
      assert.match(got.body, /object=cb\.bin/);
      assert.match(got.body, /v=hello/);
      assert.deepEqual(r.data, { ok: true, seen: got.body });
    } finally {
      srv.close();
    }
  });

  it('a per-call timeout applies to that call only', async () => {
    const client = new OSS(ossOptions(emu, { retryMax: 0 }));
    const { file } = makeFile(dir, 'per-call.bin', 2 * PART);
    await emu.addFault('op=InitiateMultipartUpload,delay=2s,times=1');
    const t0 = Date.now();
    const e = await client.multipartUpload('per-call.bin', file, { timeout: 300 }).then(() => null, (x) => x);
    assert.equal(e && e.name, 'ConnectionTimeoutError');
    assert.ok(Date.now() - t0 < 1500, `took ${Date.now() - t0} ms`);
    await client.multipartUpload('per-call.bin', file); // the client's own timeout is unchanged
  });

  it('cancel() stops every upload of the client; the next call clears the flag', async () => {
    const client = new OSS(ossOptions(emu));
    const a = makeFile(dir, 'two-a.bin', 6 * PART);
    const b = makeFile(dir, 'two-b.bin', 6 * PART);
    await emu.addFault('op=UploadPart,delay=2s');
    const runs = [a, b].map((f, i) => client.multipartUpload(`two-${i}.bin`, f.file, { partSize: PART })
      .then(() => null, (e) => e));
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    client.cancel();
    const errs = await Promise.all(runs);
    assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
    assert.deepEqual(errs.map((e) => e && e.name), ['cancel', 'cancel']);
    await emu.clearFaults();
    const r = await client.multipartUpload('two-0.bin', a.file, { partSize: PART });
    assert.equal(r.res.status, 200);
    assert.ok(!client.isCancel());
  });

  it('refreshSTSToken: new credentials reach the uploads', async () => {
    let calls = 0;
    const client = new OSS(ossOptions(emu, {
      stsToken: 'expired-token',
      refreshSTSTokenInterval: 1,
      refreshSTSToken: async () => {
        calls++;
        const o = ossOptions(emu);
        return { accessKeyId: o.accessKeyId, accessKeySecret: o.accessKeySecret, stsToken: STS_TOKEN };
      },
    }));
    await new Promise((r) => setTimeout(r, 5));
    const { file, data } = makeFile(dir, 'sts.bin', 3 * PART);
    await client.multipartUpload('sts.bin', file, { partSize: PART });
    assert.ok(calls >= 1);
    assert.ok((await emu.getObject('sts.bin')).body.equals(data));
    const stale = new OSS(ossOptions(emu, { stsToken: 'expired-token' }));
    await assert.rejects(stale.multipartUpload('sts.bin', file, { partSize: PART }), (e) => e.status === 403);
  });

  it('never blocks the event loop (uploads and listings)', async () => {
    const client = new OSS(ossOptions(emu));
    const { file } = makeFile(dir, 'lag.bin', 6 * PART);
    await emu.addFault('op=UploadPart,delay=200ms');
    await emu.addFault('op=ListMultipartUploads,delay=1s'); // a blocking call would stall 1 s
    let worst = 0;
    let ticks = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      worst = Math.max(worst, now - last);
      last = now;
      ticks++;
    }, 10);
    const t0 = Date.now();
    try {
      await Promise.all([
        client.multipartUpload('lag.bin', file, { partSize: PART, parallel: 1, progress() {} }),
        client.listUploads({}),
        client.listUploads({}),
      ]);
    } finally {
      clearInterval(timer);
    }
    const elapsed = Date.now() - t0;
    assert.ok(elapsed >= 1200, `took only ${elapsed} ms`);
    assert.ok(ticks >= elapsed / 10 / 3, `${ticks} ticks in ${elapsed} ms`);
    // Bound on one stall: half the server's 1 s, robust on a loaded machine.
    assert.ok(worst < 500, `the event loop stalled for ${worst} ms`);
  });
});
