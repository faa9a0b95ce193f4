'use strict';
// Resumable download: the native Client's resumableDownload / startDownload and the ali-oss
// shaped OSS's resumableDownload. The file is the object byte for byte, progress grows to 1,
// cancel (client.cancel(), AbortSignal, a throwing progress) keeps the record and a rerun fetches
// only what is missing, and bad input is refused by name before any request.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, beforeEach, describe, it } = require('node:test');
const OSS = require('..');
const { Emulator } = require('../testing/emulator');
const { crc64 } = require('../testing/crc64');
const { PART, tempDir, makeFile, client } = require('../testing/fixtures');
const { ossOptions, until } = require('../testing/alioss');

const RANGE = 128 * 1024;

describe('resumableDownload', () => {
  let emu;
  let dir;
  let c;
  let n = 0;
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

  /** Puts size random bytes at key; returns them. The log is emptied after. */
  async function put(key, size) {
    const { file, data } = makeFile(dir, `src-${++n}.bin`, size);
    await c.multipartUpload(key, file, { partSize: PART, checkpoint: false, multipartThreshold: 0 });
    await emu.clearLog();
    return data;
  }
  /** A fresh directory for a target; returns the target's path in it. */
  function target() {
    const d = path.join(dir, `t-${++n}`);
    fs.mkdirSync(d);
    return path.join(d, 'out.bin');
  }
  /** First bytes of the ranged GETs the server answered 206. */
  async function ranges() {
    return (await emu.log()).filter((e) => e.op === 'GetObject' && e.range && e.status === 206)
      .map((e) => Number(e.range.split('=')[1].split('-')[0])).sort((a, b) => a - b);
  }
  const sameFile = (file, data) => assert.ok(fs.readFileSync(file).equals(data), 'the file differs from the object');

  it('Client: downloads the object, with progress ending at 1', async () => {
    const data = await put('d/a.bin', 5 * RANGE + 77);
    const out = target();
    await emu.addFault('op=GetObject,delay=60ms'); // longer than a poll: progress between ranges
    const seen = [];
    const r = await c.resumableDownload('d/a.bin', out, {
      partSize: RANGE, parallel: 3, progress: (p, cpt) => seen.push([p, cpt]),
    });
    sameFile(out, data);
    assert.equal(BigInt(r.crc64), crc64(data));
    assert.equal(r.verified, true);
    assert.deepEqual([r.size, r.bytesFetched, r.bytesResumed, r.parts, r.partSize],
      [data.length, data.length, 0, 6, RANGE]);
    assert.equal(r.name, 'd/a.bin');
    assert.match(r.etag, /^".+"$/);
    assert.equal(r.res.status, 200);
    assert.equal(r.res.headers['x-oss-request-id'], r.requestId);
    assert.equal((await ranges()).length, 6);
    assert.ok(seen.length >= 2);
    assert.deepEqual(seen.at(-1), [1, null]);
    const ps = seen.map(([p]) => p);
    assert.deepEqual(ps, [...ps].sort((a, b) => a - b));
    assert.equal(seen[0][1].checkpointPath, `${out}.dcp`);
    assert.deepEqual(fs.readdirSync(path.dirname(out)), ['out.bin']);
  });

  it('Client: an AbortSignal stops it, record kept; the rerun fetches only the rest', async () => {
    const data = await put('d/s.bin', 8 * RANGE);
    const out = target();
    fs.writeFileSync(out, 'old');
    await emu.addFault('op=GetObject,delay=150ms');
    const ac = new AbortController();
    const p = c.resumableDownload('d/s.bin', out, {
      partSize: RANGE, parallel: 1, signal: ac.signal,
      progress: (f) => { if (f >= 2 / 8) ac.abort(new Error('enough')); },
    });
    await assert.rejects(p, (e) => e instanceof OSS.CancelledError && e.cause.message === 'enough');
    assert.equal(fs.readFileSync(out, 'utf8'), 'old');
    assert.ok(fs.existsSync(`${out}.dcp`) && fs.existsSync(`${out}.tmp`));
    const first = await ranges();
    assert.ok(first.length >= 2 && first.length < 8, `${first}`);
    await emu.clearFaults();
    await emu.clearLog();
    const r = await c.resumableDownload('d/s.bin', out, { partSize: RANGE, parallel: 2 });
    sameFile(out, data);
    const again = await ranges();
    assert.ok(again.length < 8, 'the rerun fetched everything again');
    assert.deepEqual([...new Set([...first, ...again])].sort((a, b) => a - b),
      Array.from({ length: 8 }, (_, i) => i * RANGE));
    assert.equal(r.bytesResumed, (8 - again.length) * RANGE);
    assert.ok(!fs.existsSync(`${out}.dcp`) && !fs.existsSync(`${out}.tmp`));
  });

  it('Client: startDownload gives a handle that cancel() stops', async () => {
    await put('d/h.bin', 6 * RANGE);
    const out = target();
    await emu.addFault('op=GetObject,delay=300ms');
    const dl = c.startDownload('d/h.bin', out, { partSize: RANGE, parallel: 1 });
    assert.ok(dl instanceof OSS.Download && dl instanceof OSS.Upload);
    await until(() => dl.progress().total > 0, 'the HEAD'); // record saved from here on
    dl.cancel();
    await assert.rejects(dl.done(), OSS.CancelledError);
    assert.ok(!fs.existsSync(out));
    assert.ok(fs.existsSync(`${out}.dcp`));
    const other = c.startDownload('d/h.bin', out, {});
    try {
      assert.throws(() => other.state(), OSS.ClientError);
    } finally {
      other.cancel();
      await assert.rejects(other.done(), OSS.CancelledError); // ended before the next test
    }
  });

  it('refuses bad input by name before any request', async () => {
    const out = target();
    const d = path.dirname(out);
    const cases = [
      [() => c.resumableDownload('', out), OSS.ClientError, /key|name/],
      [() => c.resumableDownload(5, out), OSS.ClientError, /name/],
      [() => c.resumableDownload('k', 5), OSS.ClientError, /file/],
      [() => c.resumableDownload('k', out, { partSize: -1 }), OSS.ClientError, /partSize/],
      [() => c.resumableDownload('k', out, { parallel: 5000 }), OSS.ClientError, /thread|parallel/i],
      [() => c.resumableDownload('k', out, { checkpoint: 42 }), OSS.ClientError, /checkpoint/],
      [() => c.resumableDownload('k', out, { progress: 'x' }), OSS.ClientError, /progress/],
      [() => c.resumableDownload('k', d), OSS.FileError, /directory/],
      [() => c.resumableDownload('k', path.join(d, 'no', 'such', 'f')), OSS.FileError, /no[/]such/],
    ];
    for (const [call, Cls, re] of cases) {
      await assert.rejects(call, (e) => e instanceof Cls && re.test(e.message), `${call}`);
    }
    assert.deepEqual(await emu.log(), []);
    assert.deepEqual(fs.readdirSync(d), []);
  });

  it('a missing object: the server\'s 404, nothing written', async () => {
    const out = target();
    await assert.rejects(c.resumableDownload('no/such.bin', out),
      (e) => e instanceof OSS.ServerError && e.status === 404);
    assert.deepEqual(fs.readdirSync(path.dirname(out)), []);
  });

  describe('new OSS().resumableDownload (ali-oss style)', () => {
    let oss;
    before(() => { oss = new OSS(ossOptions(emu)); });
    after(() => oss.close());

    it('downloads with progress(p, checkpoint, res) and ends with (1, null, res)', async () => {
      const data = await put('a/f.bin', 3 * RANGE + 5);
      const out = target();
      await emu.addFault('op=GetObject,delay=60ms');
      const calls = [];
      const r = await oss.resumableDownload('a/f.bin', out, {
        partSize: RANGE, parallel: 1, progress: async (p, cpt, res) => { calls.push({ p, cpt, res }); },
      });
      sameFile(out, data);
      assert.equal(r.res.status, 200);
      assert.ok(r.res.requestUrls[0].endsWith('/a/f.bin'));
      assert.equal(r.size, data.length);
      assert.equal(BigInt(r.crc64), crc64(data));
      assert.equal((await ranges()).length, 4);
      const last = calls.at(-1);
      assert.equal(last.p, 1);
      assert.equal(last.cpt, null);
      assert.equal(last.res.status, 200);
      assert.ok(calls.length >= 2);
      assert.ok(calls.slice(0, -1).every((x) => x.p < 1 && x.cpt.name === 'a/f.bin'));
    });

    it('client.cancel() rejects with name "cancel"; the saved checkpoint resumes it', async () => {
      const data = await put('a/c.bin', 6 * RANGE);
      const out = target();
      await emu.addFault('op=GetObject,delay=150ms');
      let saved;
      await assert.rejects(oss.resumableDownload('a/c.bin', out, {
        partSize: RANGE, parallel: 1,
        progress: (p, cpt) => { saved = cpt; if (p >= 2 / 6) oss.cancel(); },
      }), (e) => e.name === 'cancel');
      assert.ok(oss.isCancel());
      const json = JSON.parse(JSON.stringify(saved)); // saved as JSON, as users keep it
      assert.equal(json.checkpointPath, `${out}.dcp`);
      const first = await ranges();
      await emu.clearFaults();
      await emu.clearLog();
      await oss.resumableDownload('a/c.bin', out, { partSize: RANGE, checkpoint: json });
      sameFile(out, data);
      const again = await ranges();
      assert.ok(first.length >= 2 && again.length <= 6 - first.length + 1, `${first} / ${again}`);
    });

    it('refuses bad input by name before any request, errors in ali-oss\'s names', async () => {
      const out = target();
      await assert.rejects(oss.resumableDownload('a', out, { partSize: 0 }), (e) => e.field === 'partSize');
      await assert.rejects(oss.resumableDownload('', out), (e) => e.field === 'name');
      await assert.rejects(oss.resumableDownload('a', out, { checkpoint: { file: '/elsewhere' } }),
        (e) => e.field === 'checkpoint');
      assert.deepEqual(await emu.log(), []);
      await assert.rejects(oss.resumableDownload('no/such', out),
        (e) => e.status === 404 && e.name === 'NoSuchKeyError');
    });
  });
});
