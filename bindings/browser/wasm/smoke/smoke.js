// A quick end-to-end run of the engine in headless Chromium (not part of `make test`; b19js's
// suite is): serves build/<dir>/browser and a page on one port, ossemu --cors on another, uploads
// a generated file through the Worker RPC and checks the stored object's CRC-64 against the
// engine's result.
//   node smoke.js <browser-dir> <ossemu-binary> [sizeMiB] [partMiB] [threads]
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const pwPath = require.resolve('playwright-core', { paths: [path.resolve(__dirname, '../../../../tests/alioss')] });
const { chromium } = require(pwPath);

const [dir, ossemuBin, sizeMiB = '16', partMiB = '4', threads = '4', mode = 'upload'] = process.argv.slice(2);

function startOssemu() {
  return new Promise((resolve, reject) => {
    const p = spawn(ossemuBin, ['--fixture', '--cors', '--allow-anonymous', ...(process.env.BENCH ? ['--bench'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^(http:\/\/\S+)/m);
      if (m) resolve({ proc: p, url: m[1] });
    });
    p.on('exit', (c) => reject(new Error('ossemu exited ' + c)));
  });
}

function page(endpoint) {
  return `<!doctype html><meta charset=utf-8><script>
window.run = async function (sizeMiB, partMiB, threads) {
  const w = new Worker('worker.js');
  let seq = 0; const waiting = new Map(); const events = [];
  let ready;
  const readyP = new Promise((r) => { ready = r; });
  w.onmessage = (e) => {
    const m = e.data;
    if (m.event) { if (m.event === 'ready') ready(); else events.push(m); return; }
    const p = waiting.get(m.id); waiting.delete(m.id);
    m.ok ? p.resolve(m.value) : p.reject(m.error);
  };
  const call = (op, args) => new Promise((resolve, reject) => {
    const id = ++seq; waiting.set(id, { resolve, reject }); w.postMessage({ id, op, args });
  });
  const t0 = performance.now();
  await readyP;
  const tReady = performance.now() - t0;
  const size = sizeMiB * 1048576;
  const chunk = new Uint8Array(1 << 20);
  const parts = [];
  for (let o = 0; o < size; o += chunk.length) {
    for (let i = 0; i < chunk.length; i += 65536) crypto.getRandomValues(chunk.subarray(i, i + 65536));
    parts.push(new Uint8Array(chunk));
  }
  const file = new File(parts, 'smoke.bin', { lastModified: 1700000000000 });
  if (window.RAW) {
    // The ceiling: the same parts as Blob slices, PUT by plain fetch from the page (anonymous).
    const t = performance.now(); const ps = partMiB * 1048576; let next = 0;
    const n = Math.ceil(size / ps);
    async function worker() {
      for (let i; (i = next++) < n;) {
        let body = file.slice(i * ps, Math.min(size, (i + 1) * ps));
        if (window.RAW === 'buffer') body = await body.arrayBuffer(); // read once, send the bytes read
        if (window.RAW === 'both') await body.arrayBuffer(); // read for a hash, send the slice
        const r = await fetch('${endpoint}/test-bucket/raw-' + i, { method: 'PUT', body });
        if (!r.ok) throw new Error('raw PUT ' + r.status);
      }
    }
    await Promise.all(Array.from({ length: threads }, worker));
    return { raw: (performance.now() - t) / 1000 };
  }
  const { client } = await call('client.new', { options: { endpoint: '${endpoint}', region: 'cn-hangzhou',
    access_key_id: 'test-key-id', access_key_secret: 'test-key-secret' } });
  const t1 = performance.now();
  const { upload } = await call('upload.start', { client, options: { bucket: 'test-bucket', key: 'smoke/obj',
    file, part_size: partMiB * 1048576, threads, checkpoint: 0 } });
  try {
    const res = await call('upload.wait', { upload });
    const secs = (performance.now() - t1) / 1000;
    window.stats = await call('engine.stats', {});
    return { res, secs, tReady, stats: window.stats, progress: events.filter((e) => e.event === 'progress').length,
      last: events.filter((e) => e.event === 'progress').pop() };
  } catch (e) { return { error: e, events: events.slice(-5) }; }
};
</script>`;
}

(async () => {
  const emu = await startOssemu();
  const srv = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (u.pathname === '/') { res.setHeader('Content-Type', 'text/html'); return res.end(page(emu.url)); }
    const f = path.join(dir, path.basename(u.pathname));
    if (!fs.existsSync(f)) { res.statusCode = 404; return res.end(); }
    res.setHeader('Content-Type', f.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
    fs.createReadStream(f).pipe(res);
  }).listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const origin = `http://127.0.0.1:${srv.address().port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'] });
  let code = 1;
  try {
    const pg = await browser.newPage();
    pg.on('console', (m) => console.log('[page]', m.text()));
    await pg.goto(origin + '/');
    if (process.env.RAW) await pg.evaluate((m) => { window.RAW = m; }, process.env.RAW);
    const out = await pg.evaluate(([a, b, c]) => window.run(a, b, c), [Number(sizeMiB), Number(partMiB), Number(threads)]);
    if (out.raw) { console.log(`raw fetch (${process.env.RAW}): ${sizeMiB} MiB in ${partMiB} MiB parts x${threads}: ${out.raw.toFixed(2)} s (${(Number(sizeMiB) * 1.048576 / out.raw).toFixed(1)} MB/s)`); code = 0; }
    else if (out.error) { console.log('FAIL', JSON.stringify(out, null, 1)); }
    else {
      const mbs = (Number(sizeMiB) * 1.048576 / out.secs).toFixed(1);
      console.log(`ok: ${sizeMiB} MiB in ${partMiB} MiB parts x${threads}: ${out.secs.toFixed(2)} s (${mbs} MB/s), ready after ${out.tReady.toFixed(0)} ms, ${out.progress} progress events, last ${JSON.stringify(out.last)}`);
      console.log('result', JSON.stringify({ ...out.res, body: undefined, headers: undefined }));
      console.log('engine memory', JSON.stringify(out.stats));
      if (!process.env.BENCH) {
        const r = await fetch(`${emu.url}/_ossemu/object/test-bucket/smoke/obj`);
        const crc = r.headers.get('x-oss-hash-crc64ecma');
        const n = (await r.arrayBuffer()).byteLength;
        console.log(`stored ${n} bytes, crc ${crc} vs engine ${out.res.crc64}`);
        code = (crc === out.res.crc64 && n === Number(sizeMiB) * 1048576 && out.res.verified) ? 0 : 1;
      } else code = 0;
    }
  } finally {
    await browser.close();
    srv.close();
    emu.proc.kill();
  }
  process.exit(code);
})().catch((e) => { console.error(e); process.exit(1); });
