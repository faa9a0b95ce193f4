#!/usr/bin/env node
'use strict';
// Writes the npm tarball of this package with the native library inside it, for this
// platform: node pack.js --lib build/libossresume.so.0 --out build/dist
// The library goes next to index.js as libossresume.so, where lib/native.js looks first, so an
// installed package needs no environment variable. `make dist-node` runs this.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { LIBRARY_FILE } = require('./lib/native');

function main() {
  const { values } = parseArgs({ options: { lib: { type: 'string' }, out: { type: 'string' } } });
  if (!values.lib || !values.out) {
    throw new Error('usage: node pack.js --lib <libossresume.so> --out <directory>');
  }
  const lib = fs.realpathSync(values.lib); // a symlink would be packed as a link
  const out = path.resolve(values.out);
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'ossresume-pack-'));
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, 'package.json'), 'utf8'));
    for (const f of pkg.files) {
      fs.cpSync(path.join(__dirname, f), path.join(stage, f), { recursive: true });
    }
    fs.copyFileSync(lib, path.join(stage, LIBRARY_FILE));
    // The tarball is for this platform: say so, so npm refuses it elsewhere.
    pkg.files = [...pkg.files, LIBRARY_FILE];
    pkg.os = [process.platform];
    pkg.cpu = [process.arch];
    delete pkg.devDependencies;
    delete pkg.scripts;
    fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    fs.mkdirSync(out, { recursive: true });
    const json = execFileSync('npm', ['pack', '--json', '--pack-destination', out], {
      cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [{ filename }] = JSON.parse(json);
    process.stdout.write(`${path.join(out, filename)}\n`);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

try {
  main();
} catch (e) {
  process.stderr.write(`pack.js: ${e.message}\n`);
  process.exit(1);
}
