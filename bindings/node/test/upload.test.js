'use strict';
// Uploads that succeed: read back, PutObject below the threshold, resume, progress, and an
// event loop that keeps running during the upload.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const { after, before, beforeEach, describe, it } = require('node:test');
const { Emulator, BUCKET, STS_TOKEN } = require('../testing/emulator');
const { crc64 } = require('../testing/crc64');
const { PART, tempDir, makeFile, client } = require('../testing/fixtures');
const { ServerError } = require('..');

describe('multipartUpload', () => {
  let emu;
  let dir;
  let c;
  before(async () => {
    emu = await Emulator.start();
    dir = tempDir();
    c = client(emu);
  });
  after(async () => {
    c.close();
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await emu.clearFaults();
    await emu.clearLog();
  });
  const ops = async (op) => (await emu.log()).filter((e) => e.op === op);

  const cases = [
    { name: 'several parts', size: 7 * PART + 123, partSize: PART, parallel: 3 },
    { name: 'one part', size: PART + 1, partSize: 2 * PART, parallel: 1 },
    { name: 'exact parts', size: 4 * PART, partSize: 2 * PART, parallel: 2 },
  ];
  for (const tc of cases) {
    it(`uploads and reads back: ${tc.name}`, async () => {
      const { file, data } = makeFile(dir, `${tc.name}.bin`, tc.size);
      const key = `read-back/${tc.name}.bin`;
      const r = await c.multipartUpload(key, file, {
        partSize: tc.partSize, parallel: tc.parallel, checkpoint: false,
        mime: 'application/x-test', meta: { case: 'yes' }, headers: { 'Cache-Control': 'no-cache' },
      });
      assert.equal(r.name, key);
      assert.equal(r.bucket, BUCKET);
      assert.equal(r.res.status, 200);
      assert.equal(BigInt(r.crc64), crc64(data), 'result CRC vs locally computed CRC-64');
      assert.equal(r.size, tc.size);
      assert.equal(r.parts, Math.ceil(tc.size / tc.partSize));
      assert.equal(r.bytesSent, tc.size);
      assert.match(r.etag, /^".+"$/);
      assert.ok(r.requestId && r.uploadId);
      assert.equal(r.res.headers['x-oss-request-id'], r.requestId);
      assert.match(r.data.toString(), /CompleteMultipartUploadResult/);
      const got = await emu.getObject(key);
      assert.equal(got.status, 200);
      assert.ok(got.body.equals(data), 'the stored object differs from the file');
      assert.equal(got.headers.get('content-type'), 'application/x-test');
      assert.equal(got.headers.get('x-oss-meta-case'), 'yes');
      assert.equal(got.headers.get('cache-control'), 'no-cache');
      assert.equal(BigInt(got.headers.get('x-oss-hash-crc64ecma')), crc64(data));
    });
  }

  // auth: the signature version ossemu saw on every request of the upload.
  const signingCases = [
    { name: 'V4', opts: {}, auth: 'V4' },
    { name: 'V1', opts: { signatureVersion: 1 }, auth: 'V1' },
    { name: 'V1 by ali-oss authorizationV4: false', opts: { authorizationV4: false }, auth: 'V1' },
    { name: 'V4 with STS token', opts: { stsToken: STS_TOKEN }, auth: 'V4' },
    { name: 'V1 with STS token', opts: { signatureVersion: 1, stsToken: STS_TOKEN }, auth: 'V1' },
  ];
  for (const tc of signingCases) {
    it(`signs: ${tc.name}`, async () => {
      const { file, data } = makeFile(dir, 'sig.bin', 2 * PART);
      const sc = client(emu, tc.opts);
      try {
        await emu.clearLog();
        const r = await sc.multipartUpload(`sig/${tc.name}.bin`, file, { partSize: PART, checkpoint: false });
        assert.equal(BigInt(r.crc64), crc64(data));
        const signed = (await emu.log()).map((e) => `${e.op}:${e.auth}`);
        assert.ok(signed.length >= 4, signed.join(' '));
        assert.deepEqual(signed.filter((s) => !s.endsWith(`:${tc.auth}`)), [], `every request signed ${tc.auth}`);
        assert.ok((await emu.getObject(`sig/${tc.name}.bin`)).body.equals(data));
      } finally {
        sc.close();
      }
    });
  }

  it('sends a file below multipartThreshold with one PutObject', async () => {
    const { file, data } = makeFile(dir, 'small.bin', 3 * PART);
    const r = await c.multipartUpload('small.bin', file, { multipartThreshold: 10 * PART });
    assert.equal(r.parts, 0);
    assert.equal(r.uploadId, '');
    assert.equal(BigInt(r.crc64), crc64(data));
    assert.deepEqual((await emu.log()).map((e) => e.op), ['PutObject']);
  });

  it('resumes after an injected failure, sending only the remaining parts', async () => {
    const { file, data } = makeFile(dir, 'resume.bin', 6 * PART + 7);
    // Part 4 is refused for good (403 is never retried), so the first run stops there.
    await emu.addFault('op=UploadPart,part=4,status=403,code=AccessDenied,times=1');
    await assert.rejects(c.multipartUpload('resume.bin', file, { partSize: PART, parallel: 1 }),
      (e) => e instanceof ServerError && e.status === 403 && e.name === 'AccessDeniedError');
    assert.ok(fs.existsSync(`${file}.cp`), 'the checkpoint must be kept');
    const firstOk = new Set((await ops('UploadPart')).filter((e) => e.status === 200)
      .map((e) => e.partNumber));
    assert.ok(firstOk.size > 0);
    await emu.clearLog();

    const r = await c.multipartUpload('resume.bin', file, { partSize: PART, parallel: 2 });
    const second = (await ops('UploadPart')).map((e) => e.partNumber).sort((a, b) => a - b);
    const want = [1, 2, 3, 4, 5, 6, 7].filter((n) => !firstOk.has(n));
    assert.deepEqual(second, want, 'the resumed run must send exactly the parts not yet done');
    assert.deepEqual(await ops('InitiateMultipartUpload'), []);
    assert.equal(r.bytesResumed, firstOk.size * PART);
    assert.equal(r.bytesResumed + r.bytesSent, data.length);
    assert.equal(BigInt(r.crc64), crc64(data));
    assert.ok(!fs.existsSync(`${file}.cp`), 'the checkpoint goes after Complete');
  });

  it('reports progress as ali-oss does: growing fractions, then (1, null)', async () => {
    const { file, data } = makeFile(dir, 'progress.bin', 5 * PART);
    await emu.addFault('op=UploadPart,delay=150ms');
    const seen = [];
    await c.multipartUpload('progress.bin', file, {
      partSize: PART, parallel: 1,
      progress: (p, cpt, info) => { seen.push({ p, cpt, info }); },
    });
    assert.ok(seen.length >= 3, `only ${seen.length} progress calls`);
    const fracs = seen.map((s) => s.p);
    for (let i = 1; i < fracs.length; i++) assert.ok(fracs[i] > fracs[i - 1], `${fracs}`);
    const last = seen[seen.length - 1];
    assert.equal(last.p, 1);
    assert.equal(last.cpt, null);
    assert.deepEqual(last.info, { doneBytes: data.length, totalBytes: data.length });
    const mid = seen[0].cpt;
    assert.equal(mid.file, file);
    assert.equal(mid.name, 'progress.bin');
    assert.equal(mid.fileSize, data.length);
    assert.equal(mid.checkpointPath, `${file}.cp`);
  });

  it('resumes from the checkpoint object progress handed out', async () => {
    const { file, data } = makeFile(dir, 'cpt.bin', 6 * PART);
    const cpPath = `${dir}/custom.cp`;
    await emu.addFault('op=UploadPart,delay=150ms');
    let saved = null;
    const ac = new AbortController();
    await assert.rejects(c.multipartUpload('cpt.bin', file, {
      partSize: PART, parallel: 1, checkpoint: cpPath, signal: ac.signal,
      progress: (p, cpt) => {
        saved = cpt;
        if (p >= 0.3) ac.abort();
      },
    }), { name: 'AbortError' });
    assert.equal(saved.checkpointPath, cpPath);
    assert.ok(fs.existsSync(cpPath));
    await emu.clearFaults();
    const r = await c.multipartUpload('cpt.bin', file, { checkpoint: saved });
    assert.ok(r.bytesResumed > 0);
    assert.equal(BigInt(r.crc64), crc64(data));
  });

  // Measured by counts, not by a stall bound a loaded machine can break (150 ms failed under
  // load): a 10 ms timer must fire at least a third of the times it would on an idle loop (a
  // poll blocking 30 ms or more at a time, or the loop blocked for two thirds of the upload,
  // fails that), and it must fire while each part is held by the server (1 s each, from the
  // server's log, less 100 ms at either end): a call that blocked the loop for as long as a
  // part was in flight leaves that window without a tick, a busy machine does not.
  it('never blocks the event loop', async () => {
    const hold = 1000;
    const { file } = makeFile(dir, 'loop.bin', 2 * PART);
    await emu.addFault(`op=UploadPart,delay=${hold}ms`);
    const ticks = [];
    const timer = setInterval(() => ticks.push(Date.now()), 10);
    const t0 = Date.now();
    try {
      await c.multipartUpload('loop.bin', file, { partSize: PART, parallel: 1 });
    } finally {
      clearInterval(timer);
    }
    const elapsed = Date.now() - t0;
    assert.ok(elapsed >= 2 * hold, `upload took only ${elapsed} ms`);
    assert.ok(ticks.length >= elapsed / 10 / 3, `${ticks.length} ticks in ${elapsed} ms`);
    // The log's times have nanoseconds; Date.parse wants at most milliseconds.
    const held = (await emu.log())
      .filter((e) => e.key === 'loop.bin' && e.op === 'UploadPart' && e.status === 200)
      .map((e) => Date.parse(e.time.replace(/(\.\d{3})\d*/, '$1')));
    assert.equal(held.length, 2);
    for (const start of held) {
      const n = ticks.filter((t) => t > start + 100 && t < start + hold - 100).length;
      assert.ok(n > 0, `no tick while the part started at ${new Date(start).toISOString()} was held`);
    }
  });

  it('the blocking native call matches its declaration', async () => {
    // The package polls the start/wait handle; this checks the other shape's koffi
    // declaration. The callback runs on the calling thread, so a synchronous call is safe
    // (it blocks the event loop, which is why the package does not use it).
    const native = require('../lib/native');
    const lib = native.native();
    const { file, data } = makeFile(dir, 'blocking.bin', 4 * PART);
    for (const stopAt of [null, PART]) {
      const calls = [];
      if (stopAt !== null) await emu.addFault('op=UploadPart,delay=100ms');
      const opts = {
        size: native.sizeOf('ossr_upload_options'), bucket: BUCKET, key: 'blocking.bin',
        file_path: file, part_size: PART, threads: 1, checkpoint: native.CHECKPOINT_OFF,
      };
      const res = [null];
      const err = [null];
      const rc = lib.ossr_upload_file(c.handle, opts, (done, total, userData) => {
        calls.push([Number(done), Number(total), userData]);
        return stopAt !== null && done >= stopAt ? 1 : 0;
      }, 42n, res, err);
      assert.ok(calls.length > 0);
      assert.ok(calls.every((x) => BigInt(x[2]) === 42n));
      if (stopAt === null) {
        assert.equal(rc, native.code.OK);
        const r = native.readResult(res[0]);
        lib.ossr_result_free(res[0]);
        assert.equal(BigInt(r.crc64), crc64(data));
        assert.deepEqual(calls[calls.length - 1].slice(0, 2), [data.length, data.length]);
      } else {
        assert.equal(rc, native.code.E_CANCELLED);
        assert.throws(() => native.check(rc, err[0]), { name: 'AbortError' });
      }
    }
  });

  it('runs several uploads on one client at once', async () => {
    const files = [0, 1, 2].map((i) => makeFile(dir, `multi-${i}.bin`, (2 + i) * PART));
    const results = await Promise.all(files.map(({ file }, i) =>
      c.multipartUpload(`multi/${i}.bin`, file, { partSize: PART })));
    results.forEach((r, i) => assert.equal(BigInt(r.crc64), crc64(files[i].data)));
  });
});
