'use strict';
// Starts ossemu with the test fixture (tests/ossemu/fixture.json) for one test file, as a
// user's CI would: `ossemu --fixture`, the base URL read from the first line it prints, stopped
// by pid. Objects are read back through the admin route, never by signing a request.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');

const REPO = path.resolve(__dirname, '..', '..');
const OSSEMU = process.env.OSSEMU || path.join(REPO, 'build', 'bin', 'ossemu');
const FIXTURE = JSON.parse(fs.readFileSync(path.join(REPO, 'tests', 'ossemu', 'fixture.json'), 'utf8'));

async function startOssemu(...extraArgs) {
  if (!fs.existsSync(OSSEMU)) throw new Error(`${OSSEMU} not found: run \`make ossemu\` first`);
  const proc = spawn(OSSEMU, ['--fixture', ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
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
    admin,
    /** The request log entries (op, key, partNumber, status, code, ...). */
    log: async () => (await admin('GET', 'log')).json(),
    clearLog: () => admin('DELETE', 'log'),
    /** The object's stored bytes and CRC-64 (GET /_ossemu/object/<bucket>/<key>). */
    async object(key, bucket = FIXTURE.bucket) {
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

module.exports = { startOssemu, FIXTURE, REPO };
