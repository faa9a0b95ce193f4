'use strict';
// ali-oss's checkpoint object with ossresume's OSS: saved as JSON and resumed after a SIGKILL,
// written by the real ali-oss and finished by ours, null as ali-oss leaves it, and a cancel
// from the progress callback.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, beforeEach, describe, it } = require('node:test');
const AliOSS = require('ali-oss');
const OSS = require('..');
const { Emulator } = require('../testing/emulator');
const { PART, makeFile } = require('../testing/fixtures');
const { ossOptions, runNode, sentParts, range, tempDir, until } = require('../testing/alioss');

describe('checkpoint objects', () => {
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
  beforeEach(async () => {
    await emu.clearFaults();
    await emu.clearLog();
  });

  const ops = async (op) => (await emu.log()).filter((e) => e.op === op);

  for (const keepRecord of [true, false]) {
    it(`saved as JSON, resumes after SIGKILL (${keepRecord ? 'with' : 'without'} our on-disk record)`, async () => {
      const name = `killed-${keepRecord}.bin`;
      const { file, data } = makeFile(dir, name, 12 * PART + 9);
      const json = path.join(dir, `${name}.json`);
      await emu.addFault('op=UploadPart,delay=150ms');
      const child = runNode(path.join(__dirname, '..', 'testing', 'alioss-child.js'),
        [emu.url, ossOptions(emu).bucket, file, name, json]);
      await until(() => /parts [3-9]/.test(child.stdout), `3 parts (${child.stderr})`);
      child.proc.kill('SIGKILL');
      assert.equal((await child.exit).signal, 'SIGKILL');
      await emu.clearFaults();
      const saved = JSON.parse(fs.readFileSync(json, 'utf8'));
      const done = saved.doneParts.map((p) => p.number);
      assert.ok(done.length >= 3 && saved.uploadId && saved.partSize === PART, JSON.stringify(saved));
      if (!keepRecord) fs.rmSync(`${file}.cp`);
      await new Promise((r) => setTimeout(r, 400)); // requests the kill left in flight end
      await emu.clearLog();

      const client = new OSS(ossOptions(emu));
      const r = await client.multipartUpload(name, file, { checkpoint: saved });
      assert.ok((await emu.getObject(name)).body.equals(data));
      assert.equal(r.uploadId, saved.uploadId);
      assert.equal((await ops('InitiateMultipartUpload')).length, 0);
      const sent = await sentParts(emu);
      for (const n of done) assert.ok(!sent.includes(n), `part ${n} was in the checkpoint and sent again`);
      assert.ok(r.bytesResumed >= done.length * PART);
    });
  }

  it('written by ali-oss, finished by ours; a part the file no longer matches is sent again', async () => {
    const name = 'from-alioss.bin';
    const { file } = makeFile(dir, name, 10 * PART);
    const ali = new AliOSS(ossOptions(emu));
    let saved;
    await emu.addFault('op=UploadPart,delay=100ms');
    await assert.rejects(ali.multipartUpload(name, file, {
      parallel: 2,
      partSize: PART,
      progress(p, cpt) {
        saved = cpt;
        if (cpt && cpt.doneParts.length >= 4) ali.cancel();
      },
    }), (e) => e.name === 'cancel');
    await emu.clearFaults();
    saved = JSON.parse(JSON.stringify(saved)); // as an application stores it
    assert.equal(saved.file, file);
    const done = saved.doneParts.map((p) => p.number).sort((a, b) => a - b);
    assert.ok(done.length >= 4, JSON.stringify(saved));
    // Change the bytes of one finished part, keeping the size: ours must notice.
    const changed = done[0];
    const data = fs.readFileSync(file);
    data.fill(0x5a, (changed - 1) * PART, (changed - 1) * PART + 10);
    fs.writeFileSync(file, data);
    await new Promise((r) => setTimeout(r, 300));
    await emu.clearLog();

    const client = new OSS(ossOptions(emu));
    const seen = [];
    const r = await client.multipartUpload(name, file, {
      checkpoint: saved,
      progress(p, cpt) { seen.push([p, cpt ? cpt.uploadId : null]); },
    });
    assert.ok((await emu.getObject(name)).body.equals(data), 'the object is not byte-identical to the file');
    assert.equal(r.uploadId, saved.uploadId, 'ali-oss\'s upload is the one completed');
    assert.equal((await ops('InitiateMultipartUpload')).length, 0);
    const sent = await sentParts(emu);
    assert.ok(sent.includes(changed), `part ${changed} changed locally but was trusted`);
    for (const n of done.slice(1)) assert.ok(!sent.includes(n), `part ${n} was sent again`);
    assert.deepEqual(seen.at(-1), [1, null]);
    assert.ok(seen.slice(0, -1).every(([, id]) => id === saved.uploadId));
  });

  it('null, as ali-oss leaves it after a success, still resumes the next file', async () => {
    const client = new OSS(ossOptions(emu));
    const a = makeFile(dir, 'null-a.bin', 3 * PART);
    let checkpoint;
    await client.multipartUpload('null-a.bin', a.file, {
      checkpoint, partSize: PART, progress(p, cpt) { checkpoint = cpt; },
    });
    assert.equal(checkpoint, null); // ali-oss's last progress call
    const b = makeFile(dir, 'null-b.bin', 8 * PART);
    await emu.clearLog();
    await emu.addFault('op=UploadPart,part=5,status=403,code=AccessDenied,times=1');
    await assert.rejects(client.multipartUpload('null-b.bin', b.file, {
      checkpoint: null, partSize: PART, parallel: 1,
    }), (e) => e.name === 'AccessDeniedError' && e.status === 403);
    const open = (await emu.openUploads()).filter((u) => u.Key === 'null-b.bin');
    assert.equal(open.length, 1, 'the failed upload must stay open to be resumed');
    await emu.clearLog();
    const r = await client.multipartUpload('null-b.bin', b.file, { checkpoint: null, partSize: PART });
    assert.deepEqual(await sentParts(emu), range(5, 8));
    assert.equal(r.bytesResumed, 4 * PART);
    assert.equal((await ops('InitiateMultipartUpload')).length, 0);
    assert.ok((await emu.getObject('null-b.bin')).body.equals(b.data));
  });

  it('null in the native Client too: the record still protects the next file', async () => {
    const c = new OSS.Client({ ...ossOptions(emu), retryMax: 0 });
    const { file, data } = makeFile(dir, 'null-client.bin', 6 * PART);
    await emu.addFault('op=UploadPart,part=4,status=403,code=AccessDenied,times=1');
    await assert.rejects(c.multipartUpload('null-client.bin', file, { checkpoint: null, partSize: PART, parallel: 1 }));
    assert.ok(fs.existsSync(`${file}.cp`));
    await emu.clearLog();
    const r = await c.multipartUpload('null-client.bin', file, { checkpoint: null, partSize: PART });
    assert.equal(r.bytesResumed, 3 * PART);
    assert.deepEqual(await sentParts(emu), range(4, 6));
    assert.ok((await emu.getObject('null-client.bin')).body.equals(data));
    c.close();
  });

  it('cancel() from progress rejects at once with name "cancel"; the checkpoint resumes', async () => {
    const client = new OSS(ossOptions(emu));
    const { file, data } = makeFile(dir, 'cancel.bin', 8 * PART);
    // Every part takes 3 s to be answered; with 3 in flight, the cancel after the first ones
    // finds others hanging.
    await emu.addFault('op=UploadPart,delay=3s');
    let saved;
    let cancelledAt = 0;
    const err = await client.multipartUpload('cancel.bin', file, {
      partSize: PART, parallel: 3,
      async progress(p, cpt) {
        saved = cpt;
        if (cpt.doneParts.length >= 1 && !cancelledAt) {
          cancelledAt = Date.now();
          client.cancel();
        }
      },
    }).then(() => null, (e) => e);
    const took = Date.now() - cancelledAt;
    assert.ok(err, 'the upload must reject');
    assert.equal(err.name, 'cancel');
    assert.equal(err.status, 0);
    assert.ok(err instanceof OSS.CancelledError);
    assert.ok(client.isCancel());
    assert.ok(cancelledAt > 0 && took < 1000, `rejected ${took} ms after cancel(); parts in flight must be aborted`);
    assert.ok(fs.existsSync(`${file}.cp`), 'the checkpoint is kept');
    await emu.clearFaults();
    await new Promise((r) => setTimeout(r, 3200)); // the hung requests end server-side
    await emu.clearLog();
    const r = await client.multipartUpload('cancel.bin', file, { checkpoint: saved });
    assert.ok(!client.isCancel(), 'a new multipartUpload clears the flag, as in ali-oss');
    assert.equal(r.uploadId, saved.uploadId);
    const sent = await sentParts(emu);
    for (const { number } of saved.doneParts) assert.ok(!sent.includes(number), `part ${number} sent again`);
    assert.ok((await emu.getObject('cancel.bin')).body.equals(data));
  });
});
