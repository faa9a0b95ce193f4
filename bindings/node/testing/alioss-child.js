'use strict';
// A process that uploads with ossresume's OSS and saves each checkpoint object as JSON (written
// to a temporary name and renamed, as an application would), for a test to SIGKILL it midway.
//   node alioss-child.js <endpoint> <bucket> <file> <name> <json-out>

const fs = require('node:fs');
const OSS = require('..');
const { KEY_ID, KEY_SECRET } = require('./emulator');

const [endpoint, bucket, file, name, out] = process.argv.slice(2);
const client = new OSS({ endpoint, bucket, accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET });
client.multipartUpload(name, file, {
  parallel: 2,
  partSize: 100 * 1024,
  progress(p, cpt) {
    if (!cpt) return;
    fs.writeFileSync(`${out}.tmp`, JSON.stringify(cpt));
    fs.renameSync(`${out}.tmp`, out);
    process.stdout.write(`parts ${cpt.doneParts.length}\n`);
  },
}).then(() => process.stdout.write('done\n'), (e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
