'use strict';
// examples/node/upload.js end to end: a real SIGINT aborts it within a second with the
// checkpoint kept, and running it again resumes and completes.

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, describe, it } = require('node:test');
const { Emulator, BUCKET, KEY_ID, KEY_SECRET, REPO } = require('../testing/emulator');
const { crc64 } = require('../testing/crc64');
const { PART, tempDir, makeFile } = require('../testing/fixtures');

const EXAMPLE = path.join(REPO, 'examples', 'node', 'upload.js');

function runExample(emu, file, key) {
  const proc = spawn(process.execPath, [EXAMPLE, '--endpoint', emu.url, '--bucket', BUCKET,
    '--region', 'cn-test', '--part-size', String(PART), '--parallel', '1', file, key], {
    env: { ...process.env, OSS_ACCESS_KEY_ID: KEY_ID, OSS_ACCESS_KEY_SECRET: KEY_SECRET },
  });
  const out = { stdout: '', stderr: '' };
  proc.stdout.on('data', (d) => { out.stdout += d; });
  proc.stderr.on('data', (d) => { out.stderr += d; });
  out.exit = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
  out.proc = proc;
  return out;
}

describe('examples/node/upload.js', () => {
  let emu;
  let dir;
  before(async () => {
    emu = await Emulator.start();
    dir = tempDir();
  });
  after(async () => {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Ctrl-C stops it, a second run resumes', async () => {
    const { file, data } = makeFile(dir, 'example.bin', 12 * PART);
    await emu.addFault('op=UploadPart,delay=200ms');
    const first = runExample(emu, file, 'example.bin');
    const deadline = Date.now() + 30000;
    while (!(await emu.log()).some((e) => e.op === 'UploadPart')) {
      assert.ok(Date.now() < deadline, `no part was ever sent: ${first.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const t0 = Date.now();
    first.proc.kill('SIGINT');
    const code = await first.exit;
    assert.ok(Date.now() - t0 < 1500, 'Ctrl-C must stop the upload within a second');
    assert.equal(code, 130, first.stderr);
    assert.match(first.stderr, /interrupted/);
    assert.ok(fs.existsSync(`${file}.cp`));

    await emu.clearFaults();
    const second = runExample(emu, file, 'example.bin');
    assert.equal(await second.exit, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`crc64 ${crc64(data)}`));
    const resumed = /([\d.]+) (\w+) resumed/.exec(second.stdout);
    assert.ok(resumed && Number(resumed[1]) > 0, `a positive amount resumed: ${second.stdout}`);
    assert.ok((await emu.getObject('example.bin')).body.equals(data));
    // The second run continued the first's upload: one Initiate in all, and each of the 12
    // parts acknowledged once, but for the one in flight at the SIGINT (one thread), which the
    // server may have finished after the client let go. Starting over would Initiate again.
    const log = (await emu.log()).filter((e) => e.key === 'example.bin' && e.status === 200);
    const acked = log.filter((e) => e.op === 'UploadPart').length;
    assert.equal(log.filter((e) => e.op === 'InitiateMultipartUpload').length, 1);
    assert.ok(acked >= 12 && acked <= 13, `${acked} parts acknowledged over both runs`);
  });
});
