'use strict';
// One bench upload in headless Chromium (kinds ours-browser and alioss-browser of
// tests/compat/bench): the flags of bench.Spec.Args; a page on another 127.0.0.1 origin loads
// the SDK under test (ours: $BROWSER_DIR, default build/browser; ali-oss: its own browser
// build, dist/aliyun-oss-sdk.min.js from this directory's pinned ali-oss), the file is chosen in
// an <input type="file"> as a user chooses it, and multipartUpload(name, file, { parallel,
// partSize }) is timed alone in the page. Prints {"wall_s", "vm_hwm_kib"}: vm_hwm_kib is the
// peak RSS (VmHWM) of the page's renderer process (the largest renderer), where the page, the
// Worker and the wasm live; the browser and GPU processes are alike for both SDKs and are not
// counted.

const fs = require('node:fs');
const path = require('node:path');

function parse(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('-') || i + 1 >= argv.length) throw new Error(`bad flag ${argv[i]}`);
    out[argv[i].slice(1)] = argv[i + 1];
  }
  for (const k of ['kind', 'file', 'part', 'threads', 'endpoint', 'bucket', 'key', 'ak', 'sk']) {
    if (!out[k]) throw new Error(`-${k} is required`);
  }
  if (out.files && !['0', '1'].includes(out.files)) throw new Error('one file only');
  if (out.ca) throw new Error('plain HTTP only (the page cannot trust the bench server\'s CA)');
  return out;
}

const SDKS = { 'ours-browser': 'ours', 'alioss-browser': 'alioss' };

const PAGE = `<!doctype html><meta charset="utf-8"><title>bench</title>
<input type="file" id="f">
<script src="ossresume.js"></script>
<script>
window.bench = async (cfg, key, opts) => {
  const file = document.getElementById('f').files[0];
  const client = new OSS(cfg);
  const t0 = performance.now();
  const r = await client.multipartUpload(key, file, opts);
  return { wall: (performance.now() - t0) / 1000, status: r.res.status, etag: r.etag };
};
</script>`;

/** The descendants of pid whose command line says they are renderers. */
function renderers(pid) {
  const children = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch {
      // gone
    }
  }
  const out = [];
  const walk = (p) => {
    for (const c of children.get(p) || []) {
      try {
        if (fs.readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('--type=renderer')) out.push(c);
      } catch {
        // gone
      }
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function hwmKiB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function main() {
  const a = parse(process.argv.slice(2));
  const sdk = SDKS[a.kind];
  if (!sdk) throw new Error(`kind ${a.kind} is not a browser client`);
  process.env.BROWSER_SDK = sdk;
  const h = require('./harness');
  const { chromium } = require('playwright-core');
  const site = await h.startSite((x) => x, { '/bench.html': PAGE });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: h.CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${site.origin}/bench.html`);
    await page.setInputFiles('#f', path.resolve(a.file));
    const endpoint = sdk === 'alioss' ? a.endpoint.replace('127.0.0.1', 'localhost') : a.endpoint;
    const cfg = {
      endpoint, region: `oss-${a.region || 'cn-hangzhou'}`, bucket: a.bucket,
      accessKeyId: a.ak, accessKeySecret: a.sk,
    };
    const r = await page.evaluate(([c, k, o]) => window.bench(c, k, o),
      [cfg, a.key, { parallel: Number(a.threads), partSize: Number(a.part) }]);
    if (r.status !== 200) throw new Error(`upload answered ${r.status}`);
    const pids = renderers(process.pid); // Chromium is a child of this process
    // The page's renderer is the largest; the others (a spare renderer, the first blank
    // page) hold nothing of the upload.
    const hwm = Math.max(0, ...pids.map(hwmKiB));
    process.stdout.write(JSON.stringify({ wall_s: r.wall, vm_hwm_kib: hwm, renderers: pids.length }) + '\n');
  } finally {
    await browser.close();
    site.close();
  }
}

main().catch((e) => {
  process.stderr.write(`browser bench client: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
