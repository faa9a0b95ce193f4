// Resume across a page reload in headless Chromium (the IndexedDB store and its Web Lock), not
// part of `make test` (b19js's tests/browser covers it there):
//   node resume.js <browser-dir> <ossemu-binary>
// 1. upload 24 MiB in 1 MiB parts (checkpoint 1), cancel after 6 parts are acknowledged;
// 2. reload the page (a new Worker), select "the same file" again: resumes from IndexedDB;
// 3. with the same name and a changed part + lastModified: only changed parts are sent again;
// 4. a second upload of the same object + file name while one runs: E_CHECKPOINT_IN_USE.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const os = require('os');
const { spawn } = require('child_process');
const pwPath = require.resolve('playwright-core', { paths: [path.resolve(__dirname, '../../../../tests/alioss')] });
const { chromium } = require(pwPath);
const [dir, ossemuBin] = process.argv.slice(2);

const PAGE = (endpoint) => `<!doctype html><meta charset=utf-8><script>
const w = new Worker('worker.js');
let seq = 0; const waiting = new Map(); window.events = [];
const readyP = new Promise((r) => { window.onReady = r; });
w.onmessage = (e) => {
  const m = e.data;
  if (m.event) { if (m.event === 'ready') window.onReady(); else window.events.push(m); if (window.onEvent) window.onEvent(m); return; }
  const p = waiting.get(m.id); waiting.delete(m.id);
  m.ok ? p.resolve(m.value) : p.reject(m.error);
};
window.call = (op, args) => new Promise((resolve, reject) => {
  const id = ++seq; waiting.set(id, { resolve, reject }); w.postMessage({ id, op, args });
});
// Deterministic bytes (xorshift) so that a reloaded page makes "the same file"; changedPart
// (0: none) gets other bytes.
window.makeFile = (sizeMiB, changedPart, lastModified) => {
  const parts = [];
  for (let m = 0; m < sizeMiB; m++) {
    const a = new Uint32Array(262144); let x = 0x9e3779b9 ^ (m * 2654435761);
    if (m + 1 === changedPart) x ^= 0xdeadbeef;
    for (let i = 0; i < a.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; a[i] = x >>> 0; }
    parts.push(a);
  }
  return new File(parts, 'resume.bin', { lastModified });
};
window.client = async () => { await readyP; return (await call('client.new', { options: { endpoint: '${endpoint}',
  region: 'cn-hangzhou', access_key_id: 'test-key-id', access_key_secret: 'test-key-secret' } })).client; };
</script>`;

(async () => {
  const emu = await new Promise((resolve, reject) => {
    const p = spawn(ossemuBin, ['--fixture', '--cors', '--log', path.join(os.tmpdir(), 'b19go-resume.log')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; const m = out.match(/^(http:\/\/\S+)/m); if (m) resolve({ proc: p, url: m[1] }); });
    p.on('exit', (c) => reject(new Error('ossemu exited ' + c)));
  });
  const srv = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (u.pathname === '/') { res.setHeader('Content-Type', 'text/html'); return res.end(PAGE(emu.url)); }
    const f = path.join(dir, path.basename(u.pathname));
    if (!fs.existsSync(f)) { res.statusCode = 404; return res.end(); }
    res.setHeader('Content-Type', f.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
    fs.createReadStream(f).pipe(res);
  }).listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const origin = `http://127.0.0.1:${srv.address().port}`;
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'b19go-chromium-'));
  const ctx = await chromium.launchPersistentContext(userDir, { executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'] });
  const partsSent = async () => {
    const log = await (await fetch(emu.url + '/_ossemu/log')).json();
    await fetch(emu.url + '/_ossemu/log', { method: 'DELETE' });
    return log.filter((e) => e.op === 'UploadPart' && e.status === 200).map((e) => e.partNumber).sort((a, b) => a - b);
  };
  let failed = false;
  const check = (cond, what) => { console.log((cond ? 'ok   ' : 'FAIL ') + what); if (!cond) failed = true; };
  try {
    const pg = ctx.pages()[0] || await ctx.newPage();
    await pg.goto(origin + '/');
    // 1. start, cancel after 6 parts
    const first = await pg.evaluate(async () => {
      const c = await client();
      const file = makeFile(24, 0, 1700000000000);
      const { upload } = await call('upload.start', { client: c, options: { bucket: 'test-bucket', key: 'resume/obj',
        file, part_size: 1048576, threads: 2, checkpoint: 1 } });
      const seen = new Set();
      window.onEvent = (m) => { if (m.event === 'progress' && m.done % 1048576 === 0) { seen.add(m.done); if (seen.size >= 6) call('upload.cancel', { upload }); } };
      try { await call('upload.wait', { upload }); return { error: 'not cancelled' }; } catch (e) {
        // a second start of the same object+file while... (this one has ended: free to start)
        return { code: e.code, state: await call('upload.state', { upload }) };
      }
    });
    check(first.code === 'E_CANCELLED', `cancelled: ${first.code}, ${first.state && first.state.parts.length} parts recorded`);
    const before = await partsSent();
    // 2. reload: a new page and Worker, the same bytes selected again
    await pg.reload();
    const second = await pg.evaluate(async () => {
      const c = await client();
      const { upload } = await call('upload.start', { client: c, options: { bucket: 'test-bucket', key: 'resume/obj',
        file: makeFile(24, 0, 1700000000000), part_size: 1048576, threads: 2, checkpoint: 1 } });
      try { return await call('upload.wait', { upload }); } catch (e) { return { error: e }; }
    });
    const after = await partsSent();
    check(second.verified && second.bytes_resumed >= 6 * 1048576 && second.bytes_resumed + second.bytes_sent === 24 * 1048576,
      `resumed after reload: resumed ${second.bytes_resumed}, sent ${second.bytes_sent} ${second.error ? JSON.stringify(second.error) : ''}`);
    check(after.length + before.length >= 24 && after.every((n) => !before.includes(n)) || after.length <= 24 - 6,
      `parts sent before ${before.length}, after reload ${after.length}`);
    // 3. changed file: cancel after 3 parts, then part 3 and lastModified change
    await pg.evaluate(async () => {
      const c = await client();
      const { upload } = await call('upload.start', { client: c, options: { bucket: 'test-bucket', key: 'resume/obj2',
        file: makeFile(16, 0, 1), part_size: 1048576, threads: 2, checkpoint: 1 } });
      const acks = new Set();
      window.onEvent = (m) => { if (m.event === 'progress' && m.done % 1048576 === 0) { acks.add(m.done); if (acks.size >= 3) call('upload.cancel', { upload }); } };
      try { await call('upload.wait', { upload }); } catch (e) { /* cancelled */ }
      window.onEvent = null;
    });
    const firstRun = await partsSent();
    const third = await pg.evaluate(async () => {
      const c = await client();
      const opts = (file) => ({ bucket: 'test-bucket', key: 'resume/obj2', file, part_size: 1048576, threads: 2, checkpoint: 1 });
      const { upload } = await call('upload.start', { client: c, options: opts(makeFile(16, 3, 2)) });
      // 4. while a run holds the record, a second start of the same object and file name is refused
      const other = await call('upload.start', { client: c, options: opts(makeFile(16, 3, 2)) });
      let inUse;
      try { await call('upload.wait', { upload: other.upload }); } catch (e) { inUse = e.code; }
      try { return { res: await call('upload.wait', { upload }), inUse }; } catch (e) { return { error: e, inUse }; }
    });
    const secondRun = await partsSent();
    check(third.res && third.res.verified, `changed file completed and verified ${third.error ? JSON.stringify(third.error) : ''}`);
    const again = secondRun.filter((n) => firstRun.includes(n));
    check(firstRun.length < 16 && firstRun.includes(3) && again.length === 1 && again[0] === 3,
      `changed file: first run sent ${JSON.stringify(firstRun)}, second run ${JSON.stringify(secondRun)}: only part 3 again`);
    check(third.inUse === 'E_CHECKPOINT_IN_USE', `second run of the same record: ${third.inUse}`);
    const stored = await fetch(emu.url + '/_ossemu/object/test-bucket/resume/obj');
    check(stored.headers.get('x-oss-hash-crc64ecma') === second.crc64, 'stored CRC-64 = engine CRC-64');
  } finally {
    await ctx.close();
    srv.close();
    emu.proc.kill();
    fs.rmSync(userDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
