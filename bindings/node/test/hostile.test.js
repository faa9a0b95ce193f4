'use strict';
// A slow or stripped server through the Node surface (issue 12): speedLimit / speedTime, the
// C SDK's speed_limit / speed_time (curl's low-speed limit); and `verified` when no answer
// carries a CRC-64.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const { after, before, beforeEach, describe, it } = require('node:test');
const { Emulator } = require('../testing/emulator');
const { PART, tempDir, makeFile, client } = require('../testing/fixtures');
const { ossOptions } = require('../testing/alioss');
const OSS = require('..');
const { ClientError, RequestError } = OSS;

describe('low-speed limit', () => {
  let emu;
  let dir;
  before(async () => {
    dir = tempDir();
    emu = await Emulator.start();
  });
  after(async () => {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await emu.clearFaults();
  });

  it('ends a 1 B/s drip after speedTime with a timeout naming the limit', async () => {
    const { file } = makeFile(dir, 'drip', 2 * PART);
    await emu.addFault('op=UploadPart,part=2,drip=1s');
    const c = client(emu, { retryMax: 0, speedTime: 1500, speedLimit: 1024 });
    const start = Date.now();
    try {
      await assert.rejects(c.multipartUpload('drip', file, { partSize: PART, checkpoint: false }),
        (e) => e instanceof RequestError && /low-speed/.test(e.message));
    } finally {
      c.close();
    }
    const took = Date.now() - start;
    assert.ok(took >= 1500 && took < 4000, `gave up after ${took} ms`);
  });

  it('speedLimit 0 turns the limit off', async () => {
    const { file, data } = makeFile(dir, 'off', 2 * PART);
    await emu.addFault('op=Complete,drip=4ms'); // ~300 bytes of head: over 1 s
    const c = client(emu, { retryMax: 0, speedTime: '500ms', speedLimit: 0 });
    try {
      await c.multipartUpload('off', file, { partSize: PART, checkpoint: false });
    } finally {
      c.close();
    }
    await emu.clearFaults();
    assert.ok((await emu.getObject('off')).body.equals(data));
  });

  it('refuses a negative speedLimit', () => {
    assert.throws(() => client(emu, { speedLimit: -5 }), ClientError);
  });
});

describe('verified', () => {
  let emu;
  let dir;
  before(async () => {
    dir = tempDir();
    emu = await Emulator.start();
  });
  after(async () => {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await emu.clearFaults();
  });

  // Complete's answer and the HEAD made for want of it carry no CRC-64 (a proxy stripped it):
  // the object is stored, but nothing from the server proved it, and the result says so.
  const stripped = ['op=Complete,no-crc', 'op=HeadObject,no-crc'];

  it('Client: false when no answer carries a CRC-64, true otherwise', async () => {
    const { file, data } = makeFile(dir, 'client', 3 * PART);
    const c = client(emu);
    try {
      for (const f of stripped) await emu.addFault(f);
      const r = await c.multipartUpload('unverified', file, { partSize: PART, checkpoint: false });
      assert.equal(r.verified, false);
      await emu.clearFaults();
      assert.ok((await emu.getObject('unverified')).body.equals(data));
      const ok = await c.multipartUpload('verified', file, { partSize: PART, checkpoint: false });
      assert.equal(ok.verified, true);
    } finally {
      c.close();
    }
  });

  it("OSS (ali-oss's multipartUpload): the same, as one of our extras", async () => {
    const { file, data } = makeFile(dir, 'alioss', 3 * PART);
    const c = new OSS(ossOptions(emu));
    for (const f of stripped) await emu.addFault(f);
    const r = await c.multipartUpload('ali-unverified', file, { partSize: PART });
    assert.equal(r.verified, false);
    await emu.clearFaults();
    assert.ok((await emu.getObject('ali-unverified')).body.equals(data));
    const ok = await c.multipartUpload('ali-verified', file, { partSize: PART });
    assert.equal(ok.verified, true);
  });
});
