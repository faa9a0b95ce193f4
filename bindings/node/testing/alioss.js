'use strict';
// Helpers of the ali-oss-shaped tests (test/alioss-*.test.js): running scripts that say
// `require('ossresume')` against this checkout, the ossresume OSS client and the real ali-oss
// on one ossemu, and reading what the server logged.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BUCKET, KEY_ID, KEY_SECRET, REPO } = require('./emulator');

const PACKAGE_DIR = path.resolve(__dirname, '..');
const EXAMPLES = path.join(REPO, 'examples', 'node');

/** A directory for NODE_PATH in which `require('ossresume')` finds this checkout, so that
 *  samples run with their require line as users write it. */
function modulePath(dir) {
  const nm = path.join(dir, 'node_modules');
  fs.mkdirSync(nm, { recursive: true });
  const link = path.join(nm, 'ossresume');
  if (!fs.existsSync(link)) fs.symlinkSync(PACKAGE_DIR, link, 'dir');
  return nm;
}

/** Runs node on script with args; resolves to { code, signal, stdout, stderr } once it exits.
 *  `onStdout(text, proc)` sees the output as it comes. */
function runNode(script, args, { env = {}, cwd, onStdout, nodePath } = {}) {
  const proc = spawn(process.execPath, [script, ...args], {
    cwd, env: { ...process.env, ...(nodePath ? { NODE_PATH: nodePath } : {}), ...env },
  });
  const out = { stdout: '', stderr: '', proc };
  proc.stdout.on('data', (d) => {
    out.stdout += d;
    if (onStdout) onStdout(out.stdout, proc);
  });
  proc.stderr.on('data', (d) => { out.stderr += d; });
  out.exit = new Promise((resolve) => proc.on('exit', (code, signal) => {
    out.code = code;
    out.signal = signal;
    resolve(out);
  }));
  return out;
}

/** Options of either client (ossresume's OSS or ali-oss) for the emulator. */
function ossOptions(emu, extra = {}) {
  return {
    region: 'oss-cn-hangzhou', endpoint: emu.url, accessKeyId: KEY_ID,
    accessKeySecret: KEY_SECRET, bucket: BUCKET, ...extra,
  };
}

/** The part numbers of the UploadPart requests the server answered 200, sorted, with each
 *  request's upload id when wanted. */
async function sentParts(emu) {
  return (await emu.log()).filter((e) => e.op === 'UploadPart' && e.status === 200)
    .map((e) => e.partNumber).sort((a, b) => a - b);
}

function range(a, b) {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ossresume-alioss-'));
}

/** Waits until cond() is true, polling; fails after ms. */
async function until(cond, what, ms = 20000) {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

module.exports = {
  PACKAGE_DIR, EXAMPLES, BUCKET, modulePath, runNode, ossOptions, sentParts, range, tempDir, until,
};
