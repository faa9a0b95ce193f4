'use strict';
// What the record keeps per part: CRC-64 by default, SHA-256 too with partSha256, through the
// Client and through the ali-oss-shaped OSS; a record written with SHA-256 resumes under the
// default.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const { after, before, beforeEach, describe, it } = require('node:test');
const OSS = require('..');
const { Emulator } = require('../testing/emulator');
const { PART, tempDir, makeFile, client } = require('../testing/fixtures');
const { ossOptions } = require('../testing/alioss');

describe('part hashes in the record', () => {
  let emu;
  let dir;
  let c;
  before(async () => {
    emu = await Emulator.start();
    dir = tempDir();
    c = client(emu);
  });
  after(async () => {
    c.close();
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await emu.clearFaults();
    await emu.clearLog();
  });

  // The part lines of the record at file.cp.
  const partLines = (file) => fs.readFileSync(`${file}.cp`, 'utf8').split('\n')
    .filter((l) => l.startsWith('{"n":'));

  const surfaces = {
    Client: (name, file, opts) => c.multipartUpload(name, file, { partSize: PART, parallel: 1, ...opts }),
    'new OSS()': (name, file, opts) => new OSS(ossOptions(emu))
      .multipartUpload(name, file, { partSize: PART, parallel: 1, ...opts }),
  };
  for (const [surface, upload] of Object.entries(surfaces)) {
    for (const [opts, wantSha] of [[{}, false], [{ partSha256: true }, true],
      [{ partSha256: true, disableSha256: true }, false]]) {
      it(`${surface} ${JSON.stringify(opts)}: SHA-256 in the record: ${wantSha}`, async () => {
        const name = `sha-${surface.length}-${Object.keys(opts).length}.bin`;
        const { file, data } = makeFile(dir, name, 4 * PART);
        await emu.addFault('op=UploadPart,part=3,status=403,code=AccessDenied,times=1');
        await assert.rejects(upload(name, file, opts), (e) => e.status === 403);
        const lines = partLines(file);
        assert.equal(lines.length, 2, 'parts 1 and 2 recorded');
        for (const l of lines) {
          assert.match(l, /"crc64":/);
          assert.equal(l.includes('"sha256":'), wantSha, l);
        }
        // The record resumes under the default, whatever it was written with.
        const r = await c.multipartUpload(name, file, { partSize: PART, parallel: 1 });
        assert.equal(r.bytesResumed, 2 * PART);
        const { body } = await emu.getObject(name);
        assert.ok(body.equals(data));
      });
    }
  }
});
