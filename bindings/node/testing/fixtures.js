'use strict';
// Per-file set-up shared by the tests: a temporary directory, random files, a Client on
// the emulator with the test key.

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('..');
const { BUCKET, KEY_ID, KEY_SECRET } = require('./emulator');

const PART = 100 * 1024; // the smallest part OSS (and ossemu) accepts

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ossresume-node-'));
}

/** Writes size random bytes to dir/name; returns { file, data }. */
function makeFile(dir, name, size) {
  const data = crypto.randomBytes(size);
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return { file, data };
}

/** A Client on the emulator; options override. */
function client(emu, options = {}) {
  return new Client({
    endpoint: emu.url, region: 'cn-test', bucket: BUCKET, accessKeyId: KEY_ID,
    accessKeySecret: KEY_SECRET, ...options,
  });
}

module.exports = { PART, tempDir, makeFile, client };
