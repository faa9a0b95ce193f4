'use strict';
// Finding the library, a missing one, and its version.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it } = require('node:test');
const { tempDir } = require('../testing/fixtures');
const ossresume = require('..');
const native = require('../lib/native');

describe('library', () => {
  it('reports its version', () => {
    const v = ossresume.version();
    assert.match(v, /^\d+\.\d+\.\d+/);
    const [major, minor, patch] = v.split('-')[0].split('.').map(Number);
    assert.equal(native.native().ossr_version_number(), (major << 16) | (minor << 8) | patch);
  });

  it('searches $OSSRESUME_LIBRARY alone, else next to the package, else the system', () => {
    const dir = tempDir();
    try {
      fs.writeFileSync(path.join(dir, native.LIBRARY_FILE), '');
      assert.deepEqual(native.candidates('/x/lib.so', dir), ['/x/lib.so']);
      const found = native.candidates(undefined, dir);
      assert.equal(found[0], path.join(dir, native.LIBRARY_FILE));
      assert.equal(found.length, 2, 'then the system name');
      assert.equal(native.candidates(undefined, '/nonexistent').length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const [name, env] of [['points nowhere', '/nonexistent/libossresume.so'], ['points at a non-library', __filename]]) {
    it(`a missing library names OSSRESUME_LIBRARY: ${name}`, () => {
      assert.throws(() => native.load(env), (e) => {
        assert.ok(e instanceof ossresume.LibraryError);
        assert.equal(e.code, 'ENOLIBRARY');
        assert.ok(e.message.includes('OSSRESUME_LIBRARY'), e.message);
        assert.ok(e.message.includes(env), e.message);
        assert.ok(e.message.includes('make lib'), e.message);
        return true;
      });
    });
  }

  it('require() works without the library; the first use throws the clear error', () => {
    const code = `
      const o = require(${JSON.stringify(path.resolve(__dirname, '..'))});
      try { new o.Client({ endpoint: 'http://127.0.0.1:1', region: 'r', bucket: 'bkt' }); console.log('no error'); }
      catch (e) { console.log(e.name + ': ' + e.message); }`;
    const out = spawnSync(process.execPath, ['-e', code], {
      env: { ...process.env, OSSRESUME_LIBRARY: '/nonexistent/libossresume.so' }, encoding: 'utf8', timeout: 60000,
    });
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /^LibraryError: cannot load the ossresume native library: OSSRESUME_LIBRARY="\/nonexistent\/libossresume.so"/);
  });

  const endpointCases = [
    { opts: { region: 'oss-cn-hangzhou' }, endpoint: 'oss-cn-hangzhou.aliyuncs.com', region: 'cn-hangzhou' },
    { opts: { region: 'cn-hangzhou', secure: true }, endpoint: 'https://oss-cn-hangzhou.aliyuncs.com', region: 'cn-hangzhou' },
    { opts: { endpoint: 'oss.example.com', region: 'oss-cn-beijing', secure: false }, endpoint: 'http://oss.example.com', region: 'cn-beijing' },
    { opts: { endpoint: 'https://127.0.0.1:9000', region: 'cn-test', secure: false }, endpoint: 'https://127.0.0.1:9000', region: 'cn-test' },
  ];
  for (const tc of endpointCases) {
    it(`derives endpoint and signing region the ali-oss way: ${JSON.stringify(tc.opts)}`, () => {
      const c = new ossresume.Client({ bucket: 'bkt', accessKeyId: 'a', accessKeySecret: 'b', ...tc.opts });
      assert.equal(c.endpoint, tc.endpoint);
      assert.equal(c.region, tc.region);
      c.close();
    });
  }
});
