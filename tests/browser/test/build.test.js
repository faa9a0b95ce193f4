'use strict';
// bindings/browser/build.js: the page script is the shared facade (bindings/node/lib) and the
// browser adapter only; a require of a Node module or an npm package fails the build.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const { REPO } = require('../harness');

const { collect, bundle } = require(path.join(REPO, 'bindings', 'browser', 'build.js'));
const ENTRY = path.join(REPO, 'bindings', 'browser', 'src', 'main.js');

describe('bindings/browser/build.js', () => {
  it('bundles the shared facade and the browser adapter, nothing of Node', () => {
    const mods = collect(ENTRY).map((m) => m.id).sort();
    assert.deepEqual(mods, [
      'bindings/browser/src/engine.js', 'bindings/browser/src/errors.js', 'bindings/browser/src/main.js',
      'bindings/node/lib/errors-core.js', 'bindings/node/lib/facade.js',
    ]);
    const text = bundle(collect(ENTRY), 'bindings/browser/src/main.js', 'test');
    assert.doesNotMatch(text, /require\(\s*['"]node:/);
    // It runs where there is no Node: a context with only what a page has.
    const page = { URL, TextEncoder, TextDecoder, setTimeout, clearTimeout, Blob, btoa };
    page.self = page;
    vm.runInNewContext(text, page);
    const OSS = page.OSS;
    assert.equal(typeof OSS, 'function');
    const client = new OSS({ region: 'oss-cn-hangzhou', bucket: 'b', accessKeyId: 'k', accessKeySecret: 's' });
    assert.equal(client.options.endpoint, 'http://oss-cn-hangzhou.aliyuncs.com');
    assert.equal(client.isCancel(), false);
    assert.throws(() => new OSS({ accessKeyId: 'k' }), /accessKeySecret/);
  });

  it('refuses a module that requires a Node module', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ossresume-build-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.js'), "const b = require('./b');\nmodule.exports = b;\n");
      fs.writeFileSync(path.join(dir, 'b.js'), "const fs = require('node:fs');\nmodule.exports = fs;\n");
      assert.throws(() => collect(path.join(dir, 'a.js')), /require\('node:fs'\): only the package's own modules/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
