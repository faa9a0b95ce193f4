'use strict';
// Stopping an upload: AbortSignal, a throwing or rejecting progress, Upload.cancel(). Each
// keeps the checkpoint, and a second run resumes.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const { after, before, beforeEach, describe, it } = require('node:test');
const { Emulator } = require('../testing/emulator');
const { crc64 } = require('../testing/crc64');
const { PART, tempDir, makeFile, client } = require('../testing/fixtures');
const { CancelledError, OssError } = require('..');

describe('cancel', () => {
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
    await emu.addFault('op=UploadPart,delay=200ms');
  });

  const opts = { partSize: PART, parallel: 1 };

  /** Resolves once the server has acknowledged a part of name: stopping after that leaves a
   *  part to resume, on a machine of any speed (a fixed delay could come before the first). */
  async function firstPartDone(name) {
    const deadline = Date.now() + 30000;
    for (;;) {
      const log = await emu.log();
      if (log.some((e) => e.key === name && e.op === 'UploadPart' && e.status === 200)) return;
      assert.ok(Date.now() < deadline, `no part of ${name} acknowledged in 30 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The checkpoint survived: a second run resumes with parts carried over. */
  async function assertResumes(name, file, data) {
    assert.ok(fs.existsSync(`${file}.cp`), 'the checkpoint must be kept');
    assert.equal((await emu.openUploads()).length, 1, 'the upload must stay open');
    await emu.clearFaults();
    const r = await c.multipartUpload(name, file, { partSize: PART, parallel: 4 });
    assert.ok(r.bytesResumed > 0);
    assert.equal(BigInt(r.crc64), crc64(data));
    assert.deepEqual(await emu.openUploads(), []);
  }

  it('an AbortSignal cancels within a second and keeps the checkpoint', async () => {
    const { file, data } = makeFile(dir, 'abort.bin', 10 * PART);
    const ac = new AbortController();
    const reason = new Error('user pressed stop');
    let abortedAt = 0;
    firstPartDone('abort.bin').then(() => { abortedAt = Date.now(); ac.abort(reason); });
    const err = await c.multipartUpload('abort.bin', file, { ...opts, signal: ac.signal })
      .then(() => assert.fail('resolved'), (e) => e);
    const latency = Date.now() - abortedAt;
    assert.ok(latency < 1000, `abort took ${latency} ms`);
    assert.ok(err instanceof CancelledError && err instanceof OssError);
    assert.equal(err.name, 'AbortError');
    assert.equal(err.code, 'Cancelled');
    assert.equal(err.cause, reason);
    await assertResumes('abort.bin', file, data);
  });

  it('an already aborted signal, and AbortSignal.timeout', async () => {
    const { file, data } = makeFile(dir, 'pre.bin', 6 * PART);
    await assert.rejects(c.multipartUpload('pre.bin', file, { ...opts, signal: AbortSignal.abort() }),
      { name: 'AbortError' });
    // 6 parts held 200 ms each take 1.2 s at least: the timeout lands inside the upload, and
    // 1 s leaves time for parts to finish first (for the resume below) on a loaded machine.
    await assert.rejects(c.multipartUpload('pre.bin', file, { ...opts, signal: AbortSignal.timeout(1000) }),
      { name: 'AbortError' });
    await assertResumes('pre.bin', file, data);
  });

  it('a throwing progress cancels and its error reaches the caller', async () => {
    const { file, data } = makeFile(dir, 'throw.bin', 8 * PART);
    const boom = new Error('stop here');
    const calls = [];
    await assert.rejects(c.multipartUpload('throw.bin', file, {
      ...opts,
      progress: (p) => {
        calls.push(p);
        if (p >= 0.25) throw boom;
      },
    }), (e) => e === boom);
    assert.ok(calls[calls.length - 1] >= 0.25);
    assert.ok(calls.slice(0, -1).every((p) => p < 0.25), `no calls after the one that threw: ${calls}`);
    await assertResumes('throw.bin', file, data);
  });

  it('an async progress that rejects cancels too', async () => {
    const { file, data } = makeFile(dir, 'reject.bin', 8 * PART);
    const boom = new Error('rejected');
    await assert.rejects(c.multipartUpload('reject.bin', file, {
      ...opts,
      progress: async (p) => {
        await new Promise((r) => setImmediate(r));
        if (p >= 0.25) throw boom;
      },
    }), (e) => e === boom);
    await assertResumes('reject.bin', file, data);
  });

  it('Upload.cancel() from startUpload', async () => {
    const { file, data } = makeFile(dir, 'handle.bin', 8 * PART);
    const up = c.startUpload('handle.bin', file, opts);
    firstPartDone('handle.bin').then(() => up.cancel());
    await assert.rejects(up.done(), CancelledError);
    assert.throws(() => up.progress(), /closed/);
    await assertResumes('handle.bin', file, data);
  });

  it('Upload.close() while done() waits: done() rejects with CancelledError', async () => {
    const { file, data } = makeFile(dir, 'close-done.bin', 8 * PART);
    const up = c.startUpload('close-done.bin', file, opts);
    firstPartDone('close-done.bin').then(() => up.close());
    await assert.rejects(up.done(), CancelledError);
    assert.equal(up._handle, null, 'done() freed the handle');
    await assertResumes('close-done.bin', file, data);
  });

  it('Upload.close() on a running upload cancels it without blocking', async () => {
    const { file, data } = makeFile(dir, 'close.bin', 8 * PART);
    const up = c.startUpload('close.bin', file, opts);
    await firstPartDone('close.bin');
    // close() returns before the upload has stopped: the handle is freed later, from a timer
    // (a state the event loop alone can change, so this holds on any machine's speed), and
    // close() took less time than the stop it set off. A close() that waited would return
    // with the handle already freed.
    const t0 = process.hrtime.bigint();
    up.close();
    const closeNs = process.hrtime.bigint() - t0;
    assert.ok(up._handle, 'close() freed the handle at once: it waited for the upload to stop');
    while (up._handle) await new Promise((r) => setTimeout(r, 5));
    const stopNs = process.hrtime.bigint() - t0;
    assert.ok(closeNs < stopNs, `close() took ${closeNs} ns, the stop ${stopNs} ns`);
    await assertResumes('close.bin', file, data);
  });
});
