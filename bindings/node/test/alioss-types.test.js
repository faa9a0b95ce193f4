'use strict';
// index.d.ts covers both interfaces: test/types/sample.ts (ali-oss's OSS and the native
// Client, as users write them) passes `tsc --noEmit --strict`, and the same sample with one
// wrong type does not (so the check cannot pass by resolving nothing).

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { it } = require('node:test');

const TSC = path.join(__dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc');
const TYPES = path.join(__dirname, 'types');

function tsc(project) {
  return spawnSync(process.execPath, [TSC, '-p', project], { encoding: 'utf8', timeout: 120000 });
}

it('tsc --noEmit accepts the sample of both interfaces', () => {
  const r = tsc(path.join(TYPES, 'tsconfig.json'));
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

it('and refuses it with a wrong type', () => {
  const bad = path.join(TYPES, 'bad.ts');
  const config = path.join(TYPES, 'tsconfig.bad.json');
  try {
    fs.writeFileSync(bad, fs.readFileSync(path.join(TYPES, 'sample.ts'), 'utf8')
      .replace('const etag: string = result.etag;', 'const etag: number = result.etag;'));
    const cfg = JSON.parse(fs.readFileSync(path.join(TYPES, 'tsconfig.json'), 'utf8'));
    cfg.files = ['bad.ts'];
    fs.writeFileSync(config, JSON.stringify(cfg));
    const r = tsc(config);
    assert.notEqual(r.status, 0);
    assert.match(r.stdout, /bad\.ts.*TS2322/);
  } finally {
    fs.rmSync(bad, { force: true });
    fs.rmSync(config, { force: true });
  }
});
