'use strict';
// The browser suite's harness: ossemu (the fixture, a bucket of the test's, --cors unless told
// otherwise) started per test file and stopped by pid; a static site on another port of
// 127.0.0.1 (another origin: CORS applies as in production) serving the SDK under test, the
// documentation's sample page and a test page; headless Chromium (/usr/bin/chromium, or
// $CHROMIUM) driven by playwright-core, with a fresh profile whose IndexedDB survives reloads.
//
// The SDK under test is ours (build/browser/ossresume.js + worker.js + wasm, or $BROWSER_DIR)
// unless BROWSER_SDK=alioss, which serves ali-oss's own browser build under the same name: the
// harness is checked against the official SDK that way (the tests of what ali-oss does not do
// then fail, as they must).

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const zlib = require('node:zlib');

const REPO = path.resolve(__dirname, '..', '..');
const OSSEMU = process.env.OSSEMU || path.join(REPO, 'build', 'bin', 'ossemu');
const BROWSER_DIR = process.env.BROWSER_DIR || path.join(REPO, 'build', 'browser');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SDK = process.env.BROWSER_SDK || 'ours';
const ALIOSS_DIST = require.resolve('ali-oss/dist/aliyun-oss-sdk.min.js');
const FIXTURE = JSON.parse(fs.readFileSync(path.join(REPO, 'tests', 'ossemu', 'fixture.json'), 'utf8'));
const BUCKET = 'examplebucket'; // the documentation sample's bucket, beside the fixture's
const EXAMPLE = path.join(REPO, 'examples', 'browser', 'resumable-upload.html');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function startOssemu(...extraArgs) {
  if (!fs.existsSync(OSSEMU)) throw new Error(`${OSSEMU} not found: run \`make ossemu\` first (or set OSSEMU)`);
  const proc = spawn(OSSEMU, ['--addr', '127.0.0.1:0', '--fixture', '--bucket', BUCKET, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const rl = readline.createInterface({ input: proc.stdout });
  const url = await new Promise((resolve, reject) => {
    rl.once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`ossemu exited with ${code} before printing its URL`)));
    proc.once('error', reject);
  });
  rl.close();
  proc.stdout.resume();
  const killOnExit = () => proc.kill('SIGTERM');
  process.once('exit', killOnExit);
  const admin = async (method, p, body) => {
    const res = await fetch(`${url}/_ossemu/${p}`, { method, body });
    if (!res.ok) throw new Error(`ossemu admin ${method} ${p}: ${res.status} ${await res.text()}`);
    return res;
  };
  return {
    url,
    log: async () => (await admin('GET', 'log')).json(),
    clearLog: () => admin('DELETE', 'log'),
    addFault: (spec) => admin('POST', 'faults', spec),
    clearFaults: () => admin('DELETE', 'faults'),
    uploads: async (bucket = BUCKET) => (await admin('GET', `uploads?bucket=${bucket}`)).json(),
    /** The stored bytes (GET /_ossemu/object/<bucket>/<key>, never signed). */
    async object(key, bucket = BUCKET) {
      const quoted = key.split('/').map(encodeURIComponent).join('/');
      const res = await fetch(`${url}/_ossemu/object/${bucket}/${quoted}`);
      return { status: res.status, body: Buffer.from(await res.arrayBuffer()), crc64: res.headers.get('x-oss-hash-crc64ecma') };
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      if (proc.exitCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html; charset=utf-8' };

/** The files the site serves: path -> file on disk, for the SDK chosen. */
function sdkFiles() {
  if (SDK === 'alioss') return { '/ossresume.js': ALIOSS_DIST };
  const files = {};
  for (const f of ['ossresume.js', 'worker.js', 'wasm_exec.js', 'ossresume.wasm']) {
    const p = path.join(BROWSER_DIR, f);
    if (!fs.existsSync(p)) throw new Error(`${p} not found: run \`make browser\` first (or set BROWSER_DIR)`);
    files[`/${f}`] = p;
  }
  return files;
}

/** The site: the SDK, the sample page (its placeholders filled as a user fills them), a test
 *  page. `pages` maps more paths to HTML text. gzip when asked, as a production server would. */
async function startSite(fill, pages = {}) {
  const files = { ...sdkFiles(), '/alioss.js': ALIOSS_DIST };
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    let body;
    let type;
    if (u.pathname === '/sample.html') {
      body = fill(fs.readFileSync(EXAMPLE, 'utf8'));
      type = TYPES['.html'];
    } else if (pages[u.pathname] !== undefined) {
      body = pages[u.pathname];
      type = TYPES['.html'];
    } else if (files[u.pathname]) {
      body = fs.readFileSync(files[u.pathname]);
      type = TYPES[path.extname(u.pathname)] || 'application/octet-stream';
    } else {
      res.writeHead(404).end();
      return;
    }
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-store' };
    if (/\bgzip\b/.test(req.headers['accept-encoding'] || '') && type === TYPES['.wasm']) {
      body = zlib.gzipSync(body, { level: 1 });
      headers['Content-Encoding'] = 'gzip';
    }
    res.writeHead(200, headers).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

async function launch() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set CHROMIUM)`);
  const { chromium } = require('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ossresume-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The endpoint a page gives the SDK: ours addresses 127.0.0.1 path-style; ali-oss's browser
 *  build puts the bucket in the host name, so it gets localhost (Chromium resolves
 *  <bucket>.localhost to loopback). */
function endpointFor(emu) {
  return SDK === 'alioss' ? emu.url.replace('127.0.0.1', 'localhost') : emu.url;
}

/** Deterministic file contents: byte i is a function of i and seed. */
function bytes(size, seed = 1) {
  const b = Buffer.alloc(size);
  let x = seed * 2654435761 >>> 0;
  for (let i = 0; i < size; i += 4) {
    x = (x * 1664525 + 1013904223) >>> 0;
    b.writeUInt32LE(x, i <= size - 4 ? i : size - 4);
  }
  return b;
}

module.exports = {
  REPO, FIXTURE, BUCKET, SDK, EXAMPLE, CHROMIUM_ARGS, ALIOSS_DIST, startOssemu, startSite,
  launch, endpointFor, bytes,
};
