'use strict';
// The documented ali-oss samples, run as users run them with only the require line changed
// (examples/node/alioss-*.js): the OSS documentation's resumable-upload loop, and ali-oss's
// cancel / resume pattern, each against ossemu, each ending with the object byte-identical.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, describe, it } = require('node:test');
const { Emulator, KEY_ID, KEY_SECRET } = require('../testing/emulator');
const { makeFile } = require('../testing/fixtures');
const { EXAMPLES, BUCKET, modulePath, runNode, tempDir } = require('../testing/alioss');

const MiB = 1024 * 1024;

describe('documented samples with require("ossresume")', () => {
  let emu;
  let dir;
  let env;
  let nodePath;
  before(async () => {
    emu = await Emulator.start('--bucket', 'examplebucket');
    dir = tempDir();
    nodePath = modulePath(dir);
    env = { OSS_ENDPOINT: emu.url, OSS_ACCESS_KEY_ID: KEY_ID, OSS_ACCESS_KEY_SECRET: KEY_SECRET };
  });
  after(async () => {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const ops = (log, op) => log.filter((e) => e.op === op);

  it('the documentation sample: a failed attempt is retried from its checkpoint', async () => {
    const { file, data } = makeFile(dir, 'sample.bin', 5 * MiB + 77);
    await emu.clearLog();
    // The first attempt fails for good on part 3 (403 is not retried); the sample's loop
    // catches it, logs it, and calls again with the checkpoint progress saved.
    await emu.addFault('op=UploadPart,part=3,status=403,code=AccessDenied,times=1');
    const run = await runNode(path.join(EXAMPLES, 'alioss-resume.js'), [file], { env, nodePath }).exit;
    await emu.clearFaults();
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /AccessDeniedError/); // the caught error, ali-oss's name
    assert.match(run.stdout, /etag: '"[0-9A-F]{32}-6"'/); // then the result: 6 parts of 1 MiB
    const got = await emu.getObject('object-name', 'examplebucket');
    assert.ok(got.body.equals(data), 'the object differs from the file');
    const log = await emu.log();
    assert.equal(ops(log, 'InitiateMultipartUpload').length, 1, 'the retry must continue the upload, not start another');
    assert.equal(ops(log, 'AbortMultipartUpload').length, 0);
    assert.equal(ops(log, 'CompleteMultipartUpload').length, 1);
    // V4 signing with the sample's region, as ali-oss does with authorizationV4.
    assert.deepEqual(log.filter((e) => e.auth !== 'V4').map((e) => `${e.op}:${e.auth}`), [],
      'authorizationV4: true signs every request V4');
    assert.ok(!fs.existsSync(`${file}.cp`), 'the checkpoint goes once the object is verified');
  });

  it('cancel from another event, then resume from the saved checkpoint', async () => {
    const { file, data } = makeFile(dir, 'pause.bin', 12 * MiB);
    await emu.clearLog();
    await emu.addFault('op=UploadPart,delay=200ms');
    const run = await runNode(path.join(EXAMPLES, 'alioss-pause-resume.js'), [file, BUCKET],
      { env, nodePath }).exit;
    await emu.clearFaults();
    assert.equal(run.code, 0, run.stderr);
    const paused = /paused at (\d+) parts: cancel/.exec(run.stdout);
    assert.ok(paused, `no pause in:\n${run.stdout}`);
    assert.ok(Number(paused[1]) >= 2 && Number(paused[1]) < 12, run.stdout);
    const resumed = /resumed 200 "[0-9A-F]{32}-12" bytesResumed (\d+)/.exec(run.stdout);
    assert.ok(resumed, run.stdout);
    assert.ok(Number(resumed[1]) >= Number(paused[1]) * MiB, 'the parts done before the pause are not sent again');
    assert.ok((await emu.getObject('object')).body.equals(data));
    const log = await emu.log();
    assert.equal(ops(log, 'InitiateMultipartUpload').length, 1);
    const sent = ops(log, 'UploadPart').filter((e) => e.status === 200).map((e) => e.partNumber);
    assert.equal(new Set(sent).size, 12);
  });
});
