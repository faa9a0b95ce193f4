'use strict';
// Installed as users install it: the tarball `make dist-node` writes (pack.js), installed with
// npm into an empty project (koffi from the npm cache, or the registry), then the
// documentation sample runs there with no environment variable naming the library.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, it } = require('node:test');
const { Emulator, KEY_ID, KEY_SECRET, REPO } = require('../testing/emulator');
const { makeFile } = require('../testing/fixtures');
const { EXAMPLES, runNode, tempDir } = require('../testing/alioss');

const LIB = process.env.OSSRESUME_LIBRARY || path.join(REPO, 'build', 'libossresume.so');
let emu;
let dir;

before(async () => {
  emu = await Emulator.start('--bucket', 'examplebucket');
  dir = tempDir();
});
after(async () => {
  await emu.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('npm install ./ossresume-<version>.tgz, then the sample runs with no environment variable', async () => {
  const tgz = execFileSync(process.execPath, [path.join(__dirname, '..', 'pack.js'), '--lib', LIB,
    '--out', path.join(dir, 'dist')], { encoding: 'utf8' }).trim();
  assert.match(path.basename(tgz), /^ossresume-\d+\.\d+\.\d+\.tgz$/);
  const project = path.join(dir, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true }\n');
  const env = { ...process.env };
  delete env.OSSRESUME_LIBRARY;
  delete env.NODE_PATH;
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tgz],
    { cwd: project, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 180000 });
  const installed = path.join(project, 'node_modules', 'ossresume');
  assert.ok(fs.existsSync(path.join(installed, 'libossresume.so')), 'the library is in the package');
  fs.copyFileSync(path.join(EXAMPLES, 'alioss-resume.js'), path.join(project, 'sample.js'));
  const { file, data } = makeFile(dir, 'installed.bin', 2 * 1024 * 1024 + 3);
  const run = await runNode(path.join(project, 'sample.js'), [file], {
    cwd: project,
    env: { ...env, OSS_ENDPOINT: emu.url, OSS_ACCESS_KEY_ID: KEY_ID, OSS_ACCESS_KEY_SECRET: KEY_SECRET },
  }).exit;
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /etag: '"[0-9A-F]{32}-3"'/, run.stdout);
  assert.ok((await emu.getObject('object-name', 'examplebucket')).body.equals(data));
  const which = execFileSync(process.execPath, ['-p', "require.resolve('ossresume')"], { cwd: project, env, encoding: 'utf8' });
  assert.equal(path.dirname(which.trim()), fs.realpathSync(installed));
});
