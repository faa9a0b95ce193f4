'use strict';
// The browser package in headless Chromium against ossemu: a page with an <input type="file">
// (files chosen from disk, as a user chooses them) and <script src="ossresume.js">. Pause and
// resume (cancel aborting parts in flight), a page reload resuming from IndexedDB, a file
// changed between runs, CORS refusals as typed errors, an STS token expiring mid-upload, a 5xx
// burst on one part; every object read back byte for byte through ossemu's admin route.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('../harness');

const MiB = 1024 * 1024;

const PAGE = `<!doctype html><meta charset="utf-8"><title>upload</title>
<input type="file" id="f">
<script src="ossresume.js"></script>
<script>
window.state = { percents: [], cpt: null, result: null, error: null, done: false, refreshes: 0 };
window.start = (cfg, key, opts) => {
  const c = { ...cfg };
  delete c.refresh;
  if (cfg.refresh) {
    state.inFlight = 0;
    state.maxInFlight = 0;
    c.refreshSTSToken = async () => {
      state.refreshes++;
      state.maxInFlight = Math.max(state.maxInFlight, ++state.inFlight);
      await new Promise((r) => setTimeout(r, cfg.refreshMs || 0)); // an STS service's round trip
      state.inFlight--;
      return cfg.refresh;
    };
  }
  delete c.refreshMs;
  window.client = new OSS(c);
  const file = document.getElementById('f').files[0];
  Object.assign(state, { percents: [], result: null, error: null, done: false });
  const o = { ...opts };
  if (opts.checkpoint) o.checkpoint = { ...opts.checkpoint, file };
  o.progress = (p, cpt) => {
    state.percents.push(p);
    if (cpt) state.cpt = { ...cpt, file: undefined, doneParts: cpt.doneParts.map((d) => ({ ...d })) };
  };
  state.started = performance.now();
  window.client.multipartUpload(key, file, o).then((r) => {
    state.result = { etag: r.etag, status: r.res.status, crc64: r.crc64, bytesResumed: r.bytesResumed };
    state.done = true;
  }, (e) => {
    state.error = { name: e.name, code: e.code, status: e.status, message: String(e.message) };
    state.ended = performance.now();
    state.done = true;
  });
};
window.pause = () => { state.cancelled = performance.now(); state.cancelledAt = Date.now(); window.client.cancel(); };
</script>`;

// One Chromium and one site for the file; each describe has its own ossemu.
let site;
let browser;
let dir;
before(async () => {
  site = await h.startSite((x) => x, { '/test.html': PAGE });
  browser = await h.launch();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ossresume-browser-'));
});
after(async () => {
  if (browser) await browser.close();
  if (site) site.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe(`the browser package (${h.SDK}) in Chromium`, () => {
  let emu;
  before(async () => {
    emu = await h.startOssemu('--cors');
  });
  after(async () => {
    if (emu) await emu.stop();
  });

  const cfg = (e = emu, over = {}) => ({
    endpoint: h.endpointFor(e), region: `oss-${h.FIXTURE.region}`, bucket: h.BUCKET,
    accessKeyId: h.FIXTURE.accessKeyId, accessKeySecret: h.FIXTURE.accessKeySecret, ...over,
  });
  const file = (name, size, seed) => {
    const p = path.join(dir, name);
    const data = h.bytes(size, seed);
    fs.writeFileSync(p, data);
    return { path: p, data };
  };
  const open = async (f) => {
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}/test.html`);
    await page.setInputFiles('#f', f.path);
    return page;
  };
  const start = (page, c, key, opts = {}) => page.evaluate(([a, b, o]) => window.start(a, b, o), [c, key, opts]);
  const waitDone = async (page, ms = 60000) => {
    await page.waitForFunction(() => window.state.done, null, { timeout: ms, polling: 20 });
    return page.evaluate(() => window.state);
  };
  const waitParts = (page, n) => page.waitForFunction((k) => window.state.cpt
    && window.state.cpt.doneParts.length >= k, n, { timeout: 60000, polling: 20 });
  const ops = (log, op, key) => log.filter((e) => e.op === op && (!key || e.key === key));
  const acked = (log, key) => ops(log, 'UploadPart', key).filter((e) => e.status === 200).map((e) => e.partNumber);
  const checkObject = async (key, data) => {
    const got = await emu.object(key);
    assert.equal(got.status, 200, `${key} was not stored`);
    assert.equal(got.body.length, data.length);
    assert.ok(got.body.equals(data), `${key} differs from the file`);
  };

  it('pause aborts the parts in flight at once; resume with the checkpoint sends only the rest', async () => {
    const f = file('pause.bin', 16 * MiB, 1);
    const page = await open(f);
    await emu.clearLog();
    // Request bodies are read at 512 KiB/s, so each 1 MiB part is in flight for 2 s. What the
    // browser does with the parts in flight at the pause is read from the browser itself: on
    // loopback a body the client wrote whole sits in the server's socket buffer and is stored
    // even when the client went away, so the server's log cannot tell.
    await emu.addFault('op=UploadPart,bandwidth=512KiB');
    const events = [];
    const onDone = (kind) => (req) => {
      if (/[?&]partNumber=/.test(req.url()) && req.method() === 'PUT') {
        events.push({ kind, t: Date.now(), error: kind === 'failed' ? req.failure()?.errorText : '' });
      }
    };
    const finished = onDone('finished');
    const failed = onDone('failed');
    browser.context.on('requestfinished', finished);
    browser.context.on('requestfailed', failed);
    let st;
    try {
      await start(page, cfg(), 'pause.bin', { parallel: 4 });
      await waitParts(page, 4);
      await page.evaluate(() => window.pause());
      st = await waitDone(page);
      const rejected = Date.now();
      await new Promise((r) => setTimeout(r, 2500)); // parts not aborted finish meanwhile
      const late = events.filter((e) => e.kind === 'finished' && e.t > rejected + 200);
      assert.deepEqual(late, [], 'parts in flight at the pause went on after it had rejected');
      assert.ok(events.some((e) => e.kind === 'failed' && /ABORTED/.test(e.error)),
        `no request was aborted: ${JSON.stringify(events)}`);
    } finally {
      browser.context.off('requestfinished', finished);
      browser.context.off('requestfailed', failed);
    }
    assert.equal(st.error && st.error.name, 'cancel', JSON.stringify(st.error));
    assert.equal(st.error.status, 0);
    const saved = st.cpt;
    assert.ok(saved.uploadId && saved.doneParts.length >= 4 && saved.doneParts.length < 16);
    await emu.clearFaults();
    const before = await emu.log();
    await emu.clearLog();
    await start(page, cfg(), 'pause.bin', { parallel: 4, checkpoint: saved });
    const done = await waitDone(page);
    assert.equal(done.error, null, JSON.stringify(done.error));
    assert.equal(done.result.status, 200);
    await checkObject('pause.bin', f.data);
    const log = await emu.log();
    const again = acked(log).filter((n) => saved.doneParts.some((d) => d.number === n));
    assert.deepEqual(again, [], 'parts in the checkpoint were sent again');
    assert.equal(ops(log, 'InitiateMultipartUpload').length, 0, 'the resume continues the same upload');
    assert.equal(new Set([...acked(before), ...acked(log)]).size, 16);
    await page.close();
  });

  it('a page reload in the middle resumes from IndexedDB, nothing saved by the page', async () => {
    const f = file('reload.bin', 12 * MiB, 2);
    let page = await open(f);
    await emu.clearLog();
    await emu.addFault('op=UploadPart,delay=300ms');
    await start(page, cfg(), 'reload.bin', { parallel: 2 });
    await waitParts(page, 4);
    await page.evaluate(() => window.pause());
    // What the page last saw of the checkpoint: parts the engine recorded (a part the server
    // stored while its answer was being aborted is not among them, and is sent again).
    const recorded = (await waitDone(page)).cpt.doneParts.map((d) => d.number);
    await emu.clearFaults();
    await page.reload();
    await new Promise((r) => setTimeout(r, 400)); // held requests drain server-side
    const before = await emu.log();
    await emu.clearLog();
    await page.setInputFiles('#f', f.path); // the user selects the same file again
    await start(page, cfg(), 'reload.bin', { parallel: 2 }); // no checkpoint given
    const done = await waitDone(page);
    assert.equal(done.error, null, JSON.stringify(done.error));
    await checkObject('reload.bin', f.data);
    const log = await emu.log();
    assert.ok(recorded.length >= 4, `parts recorded before the reload: ${recorded}`);
    assert.deepEqual(acked(log).filter((n) => recorded.includes(n)), [], 'parts finished before the reload were sent again');
    assert.equal(ops(log, 'InitiateMultipartUpload').length, 0, 'the upload started before the reload is continued');
    assert.equal(new Set([...acked(before), ...acked(log)]).size, 12);
    assert.ok(done.result.bytesResumed >= recorded.length * MiB, `bytesResumed ${done.result.bytesResumed}`);
    page = null;
  });

  it('a file changed between runs: only the changed parts are sent again', async () => {
    const f = file('changed.bin', 12 * MiB, 3);
    const page = await open(f);
    await emu.clearLog();
    await emu.addFault('op=UploadPart,delay=300ms');
    await start(page, cfg(), 'changed.bin', { parallel: 2 });
    await waitParts(page, 4);
    await page.evaluate(() => window.pause());
    const recorded = (await waitDone(page)).cpt.doneParts.map((d) => d.number);
    await emu.clearFaults();
    await new Promise((r) => setTimeout(r, 400));
    assert.ok(recorded.includes(2), `part 2 should be done before the change: ${recorded}`);
    // The file changes inside part 2 (same size, a later mtime), and is selected again.
    const data = Buffer.from(f.data);
    data.fill(0x5a, MiB + 1000, MiB + 2000);
    fs.writeFileSync(f.path, data);
    fs.utimesSync(f.path, new Date(), new Date(Date.now() + 5000));
    await page.reload();
    await emu.clearLog();
    await page.setInputFiles('#f', f.path);
    await start(page, cfg(), 'changed.bin', { parallel: 2 });
    const done = await waitDone(page);
    assert.equal(done.error, null, JSON.stringify(done.error));
    await checkObject('changed.bin', data);
    const sent = acked(await emu.log()).sort((a, b) => a - b);
    assert.ok(sent.includes(2), `the changed part 2 was not sent again: ${sent}`);
    assert.deepEqual(sent.filter((n) => n !== 2 && recorded.includes(n)), [],
      `unchanged parts recorded before the change (${recorded}) were sent again`);
    assert.equal(new Set(sent).size, sent.length, 'a part sent twice');
    await page.close();
  });

  it('an STS token expiring mid-upload is refreshed through refreshSTSToken, once', async () => {
    const f = file('sts.bin', 8 * MiB, 4);
    const page = await open(f);
    await emu.clearLog();
    await emu.addFault('op=UploadPart,nth=3,status=403,code=SecurityTokenExpired,times=1');
    const creds = { accessKeyId: h.FIXTURE.accessKeyId, accessKeySecret: h.FIXTURE.accessKeySecret, stsToken: h.FIXTURE.stsToken };
    await start(page, cfg(emu, { stsToken: h.FIXTURE.stsToken, refresh: creds }), 'sts.bin', { parallel: 2 });
    const done = await waitDone(page);
    await emu.clearFaults();
    assert.equal(done.error, null, JSON.stringify(done.error));
    await checkObject('sts.bin', f.data);
    assert.equal(done.refreshes, 1, 'one refresh for one SecurityTokenExpired');
    const log = await emu.log();
    assert.equal(log.filter((e) => e.code === 'SecurityTokenExpired').length, 1);
    assert.equal(ops(log, 'InitiateMultipartUpload').length, 1);
    assert.equal(ops(log, 'AbortMultipartUpload').length, 0);
    assert.equal(new Set(acked(log)).size, 8);
    await page.close();
  });

  it('refreshSTSToken runs each refreshSTSTokenInterval while parts are in flight, one call at a time', async () => {
    const f = file('interval.bin', 6 * MiB, 7);
    const page = await open(f);
    await emu.clearLog();
    await emu.addFault('op=UploadPart,delay=400ms'); // the upload lasts over a second
    const creds = { accessKeyId: h.FIXTURE.accessKeyId, accessKeySecret: h.FIXTURE.accessKeySecret, stsToken: h.FIXTURE.stsToken };
    await start(page, cfg(emu, { stsToken: h.FIXTURE.stsToken, refresh: creds, refreshMs: 150,
      refreshSTSTokenInterval: 200 }), 'interval.bin', { parallel: 2 });
    const done = await waitDone(page);
    await emu.clearFaults();
    assert.equal(done.error, null, JSON.stringify(done.error));
    await checkObject('interval.bin', f.data);
    assert.ok(done.refreshes >= 2, `refreshSTSToken ran ${done.refreshes} times in a ${f.data.length / MiB} MiB upload of over a second`);
    assert.equal(done.maxInFlight, 1, 'two refreshes ran at once');
    const log = await emu.log();
    assert.ok(log.filter((e) => e.op === 'UploadPart').every((e) => e.status === 200), 'every part signed with valid credentials');
    await page.close();
  });

  it('abortMultipartUpload(name, uploadId) aborts a paused upload on the server, as ali-oss does', async () => {
    const f = file('abort.bin', 8 * MiB, 8);
    const page = await open(f);
    await emu.clearLog();
    await emu.addFault('op=UploadPart,delay=300ms');
    await start(page, cfg(), 'abort.bin', { parallel: 2 });
    await waitParts(page, 2);
    await page.evaluate(() => window.pause());
    const st = await waitDone(page);
    await emu.clearFaults();
    assert.equal(st.error && st.error.name, 'cancel');
    assert.ok((await emu.uploads()).some((u) => u.UploadID === st.cpt.uploadId), 'the paused upload is listed');
    const r = await page.evaluate((id) => window.client.abortMultipartUpload('abort.bin', id)
      .then((x) => ({ status: x.res.status }), (e) => ({ error: `${e.name}: ${e.message}` })), st.cpt.uploadId);
    assert.deepEqual(r, { status: 204 });
    const log = await emu.log();
    assert.deepEqual(ops(log, 'AbortMultipartUpload').map((e) => [e.uploadId, e.status]), [[st.cpt.uploadId, 204]]);
    assert.ok(!(await emu.uploads()).some((u) => u.UploadID === st.cpt.uploadId),
      'the upload is still listed');
    await page.close();
  });

  it('a file changed on disk during the upload: NotReadableError saying to select it again, then it resumes', async () => {
    const f = file('unreadable.bin', 8 * MiB, 9);
    const page = await open(f);
    await emu.clearLog();
    await emu.addFault('op=UploadPart,delay=400ms');
    await start(page, cfg(), 'unreadable.bin', { parallel: 2 });
    await waitParts(page, 2);
    // The selected File is a snapshot: once the file on disk changes, the browser refuses reads.
    const data = Buffer.from(f.data);
    data.fill(0x11, 7 * MiB, 7 * MiB + 10);
    fs.writeFileSync(f.path, data);
    fs.utimesSync(f.path, new Date(), new Date(Date.now() + 5000));
    const st = await waitDone(page);
    await emu.clearFaults();
    assert.ok(st.error, 'the upload must fail');
    assert.equal(st.error.name, 'NotReadableError', JSON.stringify(st.error));
    assert.match(st.error.message, /select it again/);
    await page.setInputFiles('#f', f.path); // the user selects it again
    await start(page, cfg(), 'unreadable.bin', { parallel: 2 });
    const done = await waitDone(page);
    assert.equal(done.error, null, JSON.stringify(done.error));
    await checkObject('unreadable.bin', data);
    assert.equal(ops(await emu.log(), 'InitiateMultipartUpload').length, 1, 'the same upload continued');
    await page.close();
  });

  it('a 5xx burst on one part is retried on that part alone', async () => {
    const f = file('burst.bin', 6 * MiB, 5);
    const page = await open(f);
    await emu.clearLog();
    await emu.addFault('op=UploadPart,part=2,status=503,code=SlowDown,times=3');
    await start(page, cfg(), 'burst.bin', { parallel: 3 });
    const done = await waitDone(page);
    await emu.clearFaults();
    assert.equal(done.error, null, JSON.stringify(done.error));
    await checkObject('burst.bin', f.data);
    const log = await emu.log();
    const part2 = ops(log, 'UploadPart').filter((e) => e.partNumber === 2).map((e) => e.status);
    assert.deepEqual(part2, [503, 503, 503, 200]);
    assert.deepEqual(acked(log).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6], 'every other part sent once');
    await page.close();
  });
});

describe(`CORS refusals as typed errors (${h.SDK})`, () => {
  let emu;
  before(async () => {
    emu = await h.startOssemu(); // no --cors: the bucket's own rules decide
  });
  after(async () => {
    if (emu) await emu.stop();
  });

  const run = async (key) => {
    const p = path.join(dir, key);
    fs.writeFileSync(p, h.bytes(3 * MiB, 6));
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}/test.html`);
    await page.setInputFiles('#f', p);
    await page.evaluate(([c, k]) => window.start(c, k, { parallel: 2 }), [{
      endpoint: h.endpointFor(emu), region: `oss-${h.FIXTURE.region}`, bucket: h.BUCKET,
      accessKeyId: h.FIXTURE.accessKeyId, accessKeySecret: h.FIXTURE.accessKeySecret,
    }, key]);
    await page.waitForFunction(() => window.state.done, null, { timeout: 60000, polling: 20 });
    const st = await page.evaluate(() => window.state);
    await page.close();
    return st;
  };

  it('no CORS rule: CorsError naming the rule to add', async () => {
    const st = await run('nocors.bin');
    assert.ok(st.error, 'the upload must fail');
    assert.equal(st.error.name, 'CorsError', JSON.stringify(st.error));
    assert.equal(st.error.code, 'CorsRefused');
    assert.match(st.error.message, new RegExp(`AllowedOrigin ${site.origin}`));
    assert.match(st.error.message, /ExposeHeader ETag/);
    assert.equal((await emu.object('nocors.bin')).status, 404);
  });

  it('a rule not exposing ETag: CorsError saying to expose ETag, before Complete', async () => {
    const OSS = require('ali-oss');
    const admin = new OSS({
      endpoint: emu.url, region: `oss-${h.FIXTURE.region}`, bucket: h.BUCKET,
      accessKeyId: h.FIXTURE.accessKeyId, accessKeySecret: h.FIXTURE.accessKeySecret,
    });
    await admin.putBucketCORS(h.BUCKET, [{
      allowedOrigin: site.origin, allowedMethod: ['PUT', 'POST', 'GET', 'HEAD', 'DELETE'],
      allowedHeader: '*', exposeHeader: ['x-oss-request-id'], maxAgeSeconds: '60',
    }]);
    await emu.clearLog();
    const st = await run('noetag.bin');
    assert.ok(st.error, 'the upload must fail');
    assert.equal(st.error.name, 'CorsError', JSON.stringify(st.error));
    assert.equal(st.error.code, 'ETagNotExposed');
    assert.match(st.error.message, /ExposeHeader ETag/);
    const log = await emu.log();
    assert.equal(ops(log, 'CompleteMultipartUpload').length, 0, 'no Complete with parts whose ETag is unknown');
  });

  const ops = (log, op) => log.filter((e) => e.op === op);
});
