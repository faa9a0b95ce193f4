'use strict';
// A web page served from another origin on 127.0.0.1 uploads to ossemu with ali-oss's browser
// build (dist/aliyun-oss-sdk.min.js) in headless Chromium: refused (the preflight fails)
// without CORS rules, allowed with them, and an error answer stays readable. Chromium is the
// system's (/usr/bin/chromium, or CHROMIUM); playwright-core never downloads a browser.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const OSS = require('ali-oss');
const { startOssemu, FIXTURE } = require('../ossemu');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SDK = require.resolve('ali-oss/dist/aliyun-oss-sdk.min.js');

describe('a page on another origin, ali-oss for browsers in Chromium', () => {
  let emu;
  let page;
  let browser;
  let site;
  let origin;
  let profile;

  before(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set CHROMIUM)`);
    emu = await startOssemu();
    site = http.createServer((req, res) => {
      if (req.url === '/sdk.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript' });
        fs.createReadStream(SDK).pipe(res);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>upload</title><script src="/sdk.js"></script>');
    });
    await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${site.address().port}`; // another port: another origin
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ossemu-chromium-'));
    // A fresh profile (the user-data-dir) for every run.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    await page.goto(origin);
  });

  after(async () => {
    if (browser) await browser.close();
    if (site) site.close();
    if (emu) await emu.stop();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  // upload runs in the page: ali-oss configured as a web page configures it.
  const upload = (opts) => page.evaluate(async ({ cfg, key, size, multipart }) => {
    const client = new OSS(cfg);
    const data = new Uint8Array(size).map((_, i) => (i * 7) & 255);
    const blob = new Blob([data]);
    try {
      const r = multipart
        ? await client.multipartUpload(key, new File([blob], 'f.bin'), { partSize: 100 * 1024, parallel: 2 })
        : await client.put(key, blob);
      return { ok: true, status: r.res.status, etag: r.res.headers.etag || r.etag };
    } catch (e) {
      return { ok: false, name: e.name, code: e.code, status: e.status, message: String(e.message).slice(0, 200) };
    }
  }, opts);
  // A browser cannot set Host, so the page addresses the bucket by name, virtual-hosted as on
  // OSS: endpoint localhost:PORT, requests to <bucket>.localhost:PORT (Chromium resolves
  // *.localhost to loopback).
  const cfg = (over = {}) => ({
    endpoint: emu.url.replace('127.0.0.1', 'localhost'), region: `oss-${FIXTURE.region}`, bucket: FIXTURE.bucket,
    accessKeyId: FIXTURE.accessKeyId, accessKeySecret: FIXTURE.accessKeySecret, ...over,
  });
  const expected = (size) => Buffer.from(new Uint8Array(size).map((_, i) => (i * 7) & 255));

  it('is refused without CORS rules', async () => {
    const r = await upload({ cfg: cfg(), key: 'browser/refused.bin', size: 1000 });
    assert.equal(r.ok, false, 'the upload must fail without CORS');
    assert.equal((await emu.object('browser/refused.bin')).status, 404);
    const log = await emu.log();
    assert.ok(log.some((e) => e.op === 'Options' && e.status === 403 && e.code === 'AccessForbidden'), 'the preflight was refused');
    assert.ok(!log.some((e) => e.op === 'PutObject'), 'the PUT never left the browser');
  });

  it('preflights and uploads with CORS rules, V1 and V4, put and multipart', async () => {
    const admin = new OSS(cfg({ endpoint: emu.url })); // from Node: the IP endpoint
    await admin.putBucketCORS(FIXTURE.bucket, [{
      allowedOrigin: origin, allowedMethod: ['PUT', 'POST', 'GET', 'HEAD', 'DELETE'], allowedHeader: '*',
      exposeHeader: ['ETag', 'x-oss-request-id', 'x-oss-hash-crc64ecma', 'Date'], maxAgeSeconds: '60',
    }]);
    for (const v4 of [false, true]) {
      const c = cfg(v4 ? { authorizationV4: true } : {});
      const key = `browser/${v4 ? 'v4' : 'v1'}`;
      const put = await upload({ cfg: c, key: `${key}.bin`, size: 5000 });
      assert.deepEqual([put.ok, put.status], [true, 200], JSON.stringify(put));
      assert.match(put.etag, /^"[0-9A-F]{32}"$/, 'ETag is exposed');
      assert.deepEqual((await emu.object(`${key}.bin`)).body, expected(5000));
      const mp = await upload({ cfg: c, key: `${key}-mp.bin`, size: 250 * 1024, multipart: true });
      assert.deepEqual([mp.ok, mp.status], [true, 200], JSON.stringify(mp));
      assert.deepEqual((await emu.object(`${key}-mp.bin`)).body, expected(250 * 1024));
    }
  });

  it('reads the OSS error code of a refused request', async () => {
    const r = await upload({ cfg: cfg({ accessKeySecret: 'wrong-secret' }), key: 'browser/wrong.bin', size: 10 });
    assert.equal(r.ok, false);
    assert.equal(r.status, 403, JSON.stringify(r));
    assert.equal(r.code, 'SignatureDoesNotMatch');
  });
});
