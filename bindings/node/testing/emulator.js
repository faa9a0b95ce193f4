'use strict';
// Starts build/bin/ossemu for a test file and talks to its admin endpoint and its objects.
// Tests run against a real server on loopback, never a mock; each file starts one ossemu
// process with the test fixture (tests/ossemu/fixture.json: `ossemu --fixture`), reads its
// base URL from the first line of its output, and stops it by pid. Objects are read back
// through the admin route GET /_ossemu/object/<bucket>/<key>, never by signing a request.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const https = require('node:https');
const path = require('node:path');
const readline = require('node:readline');

const REPO = path.resolve(__dirname, '..', '..', '..');
const OSSEMU = process.env.OSSEMU || path.join(REPO, 'build', 'bin', 'ossemu');
const FIXTURE = JSON.parse(fs.readFileSync(path.join(REPO, 'tests', 'ossemu', 'fixture.json'), 'utf8'));
const KEY_ID = FIXTURE.accessKeyId;
const KEY_SECRET = FIXTURE.accessKeySecret;
const BUCKET = 'nodebucket'; // created beside the fixture's bucket; the Node tests name it
const STS_TOKEN = FIXTURE.stsToken;

class Emulator {
  /** Starts ossemu with extra command-line arguments; resolves once it prints its URL. */
  static async start(...extraArgs) {
    if (!fs.existsSync(OSSEMU)) throw new Error(`${OSSEMU} not found: run \`make ossemu\` first`);
    const proc = spawn(OSSEMU, ['--addr', '127.0.0.1:0', '--fixture', '--bucket', BUCKET, ...extraArgs],
      { stdio: ['ignore', 'pipe', 'ignore'] });
    const rl = readline.createInterface({ input: proc.stdout });
    const url = await new Promise((resolve, reject) => {
      rl.once('line', resolve);
      proc.once('exit', (code) => {
        reject(new Error(`ossemu exited with ${code} before printing its URL`));
      });
      proc.once('error', reject);
    });
    rl.close();
    proc.stdout.resume(); // keep draining so the server never blocks on a full pipe
    if (!url.startsWith('http')) {
      proc.kill();
      throw new Error(`ossemu printed ${JSON.stringify(url)} instead of its URL`);
    }
    return new Emulator(proc, url);
  }

  /** Starts ossemu on HTTPS with a CA of its own, written to caFile (PEM); the admin calls and
   *  getObject below then trust that CA, and only it. */
  static async startTLS(caFile, ...extraArgs) {
    const emu = await Emulator.start('--tls', '--ca-out', caFile, ...extraArgs);
    emu.ca = fs.readFileSync(caFile); // written before the URL is printed
    return emu;
  }

  constructor(proc, url) {
    this.proc = proc;
    this.url = url;
    // Also when the test process exits without reaching its after() hook.
    this.killOnExit = () => proc.kill('SIGTERM');
    process.once('exit', this.killOnExit);
  }

  async stop() {
    process.removeListener('exit', this.killOnExit);
    if (this.proc.exitCode !== null) return;
    const exited = new Promise((resolve) => this.proc.once('exit', resolve));
    this.proc.kill('SIGTERM');
    await exited;
  }

  /** fetch, or over HTTPS with ossemu's own CA an https.request whose answer is buffered into
   *  a Response (fetch takes no CA without undici's Agent, which is not a dependency). */
  async fetch(url, init = {}) {
    if (!this.ca) return fetch(url, init);
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method: init.method || 'GET', headers: init.headers, ca: this.ca },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const body = [204, 304].includes(res.statusCode) ? null : Buffer.concat(chunks);
            const headers = Object.entries(res.headers).map(([k, v]) => [k, [].concat(v).join(', ')]);
            resolve(new Response(body, { status: res.statusCode, headers }));
          });
          res.on('error', reject);
        });
      req.on('error', reject);
      req.end(init.body);
    });
  }

  async admin(method, p, body) {
    const res = await this.fetch(`${this.url}/_ossemu/${p}`, { method, body });
    if (!res.ok) throw new Error(`ossemu admin ${method} ${p}: ${res.status} ${await res.text()}`);
    return res;
  }

  async addFault(spec) { await this.admin('POST', 'faults', spec); }
  async clearFaults() { await this.admin('DELETE', 'faults'); }
  /** The request log: objects with op, partNumber, status, code, bytes, ... */
  async log() { return (await this.admin('GET', 'log')).json(); }
  async clearLog() { await this.admin('DELETE', 'log'); }
  async openUploads() { return (await this.admin('GET', `uploads?bucket=${BUCKET}`)).json(); }

  /** The object as stored, through the admin route; resolves to { status, body, headers }
   *  (GetObject's headers, the stored CRC-64 in x-oss-hash-crc64ecma). */
  async getObject(key, bucket = BUCKET) {
    const quoted = key.split('/').map(encodeURIComponent).join('/');
    const res = await this.fetch(`${this.url}/_ossemu/object/${bucket}/${quoted}`);
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }
}

module.exports = { Emulator, KEY_ID, KEY_SECRET, STS_TOKEN, BUCKET, REPO, FIXTURE };
