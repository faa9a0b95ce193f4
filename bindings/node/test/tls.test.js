'use strict';
// HTTPS: ossemu's certificate comes from a CA of its own, trusted through caFile or caPath.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, beforeEach, describe, it } = require('node:test');
const { Emulator, REPO } = require('../testing/emulator');
const { crc64 } = require('../testing/crc64');
const { PART, tempDir, makeFile, client } = require('../testing/fixtures');
const { ClientError, RequestError } = require('..');
const n = require('../lib/native');

describe('TLS', () => {
  let emu;
  let dir;
  let ca;
  let dirs = 0;
  before(async () => {
    dir = tempDir();
    ca = path.join(dir, 'ossemu-ca.pem');
    emu = await Emulator.startTLS(ca);
  });
  after(async () => {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await emu.clearLog();
  });

  /** A fresh directory holding entries: ['link', name] a link to the CA, ['copy', name] a copy
   *  of it, ['text', name] a file without a certificate. */
  function caDir(...entries) {
    const d = path.join(dir, `ca-${dirs++}`);
    fs.mkdirSync(d);
    for (const [kind, name] of entries) {
      const p = path.join(d, name);
      if (kind === 'link') fs.symlinkSync(ca, p);
      else if (kind === 'copy') fs.copyFileSync(ca, p);
      else fs.writeFileSync(p, 'not a certificate\n');
    }
    return d;
  }

  async function upload(key, options) {
    const { file, data } = makeFile(dir, key.replace(/\//g, '-'), 3 * PART);
    const c = client(emu, options);
    try {
      const r = await c.multipartUpload(key, file, { partSize: PART, checkpoint: false });
      assert.equal(r.res.status, 200);
      assert.equal(BigInt(r.crc64), crc64(data));
      const got = await emu.getObject(key);
      assert.equal(got.status, 200);
      assert.ok(got.body.equals(data), 'the stored object differs from the file');
    } finally {
      c.close();
    }
  }

  it('refuses the unknown CA', async () => {
    // What the tests below get through is the CA's doing, not a lax client.
    const c = client(emu, { retryMax: 0 });
    const { file } = makeFile(dir, 'unknown.bin', PART);
    try {
      await assert.rejects(c.multipartUpload('tls/unknown.bin', file, { checkpoint: false }),
        (e) => e instanceof RequestError && /TLS/.test(e.message));
    } finally {
      c.close();
    }
  });

  it('trusts caFile', async () => {
    await upload('tls/ca-file.bin', { caFile: ca });
  });

  const good = [
    { name: 'c_rehash link', entries: [['link', '5ed36f99.0'], ['text', 'README']] },
    { name: 'copy', entries: [['copy', 'ossemu-ca.pem']] },
    { name: 'linked directory', entries: [['copy', 'ca.crt']], linked: true },
  ];
  for (const tc of good) {
    it(`trusts caPath: ${tc.name}`, async () => {
      let d = caDir(...tc.entries);
      if (tc.linked) {
        fs.symlinkSync(d, `${d}-alias`);
        d = `${d}-alias`;
      }
      await upload(`tls/ca-path-${tc.name.replace(/ /g, '-')}.bin`, { caPath: d });
    });
  }

  const refused = [
    { name: 'empty directory', caPath: () => caDir() },
    { name: 'no certificate in any file', caPath: () => caDir(['text', 'README']) },
    { name: 'missing', caPath: () => path.join(dir, 'missing') },
    { name: 'a file', caPath: () => ca },
  ];
  for (const tc of refused) {
    it(`refuses caPath before any traffic: ${tc.name}`, async () => {
      assert.throws(() => client(emu, { caPath: tc.caPath() }),
        (e) => e instanceof ClientError && e.field === 'ca_path' && /ca_path/.test(e.message));
      assert.deepEqual(await emu.log(), []);
    });
  }

  it('mirrors ossr_client_options of the header', () => {
    // The struct goes to C by layout: a field missing or out of order here would shift every
    // field after it.
    const text = fs.readFileSync(path.join(REPO, 'include', 'ossresume.h'), 'utf8');
    const body = /typedef struct ossr_client_options \{([\s\S]*?)\} ossr_client_options;/.exec(text)[1]
      .replace(/\/\*[\s\S]*?\*\//g, '');
    const names = [...body.matchAll(/(\w+);/g)].map((m) => m[1]);
    const koffi = require('koffi');
    n.native();
    const fields = koffi.type('ossr_client_options').members;
    assert.deepEqual(Object.keys(fields), names);
  });
});
