#!/usr/bin/env node
'use strict';
// Upload a file to OSS with a progress bar. Ctrl-C stops it and keeps the checkpoint; run
// the same command again to resume where it stopped.
//
//   export OSS_ACCESS_KEY_ID=... OSS_ACCESS_KEY_SECRET=...
//   node examples/node/upload.js --endpoint https://oss-cn-hangzhou.aliyuncs.com \
//       --region cn-hangzhou --bucket my-bucket big.iso backups/big.iso
//
// Needs the native library: OSSRESUME_LIBRARY=build/libossresume.so (after `make lib`), and
// koffi: `cd bindings/node && npm ci`.

const path = require('node:path');
const { parseArgs } = require('node:util');

let ossresume;
try {
  ossresume = require('ossresume');
} catch {
  ossresume = require(path.join(__dirname, '..', '..', 'bindings', 'node')); // a checkout
}

function human(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${n.toFixed(1)} ${units[i]}`;
}

function bar() {
  const start = Date.now();
  return (p, checkpoint, { doneBytes, totalBytes }) => {
    const width = 30;
    const filled = Math.floor(width * p);
    const rate = doneBytes / Math.max((Date.now() - start) / 1000, 1e-3);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ` +
      `${(100 * p).toFixed(1).padStart(5)}%  ${human(doneBytes)} / ${human(totalBytes)}  ` +
      `${human(Math.round(rate))}/s `);
  };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      endpoint: { type: 'string' },
      bucket: { type: 'string' },
      region: { type: 'string' },
      'part-size': { type: 'string' },
      parallel: { type: 'string' },
    },
  });
  if (positionals.length !== 2 || !values.endpoint || !values.bucket) {
    process.stderr.write('usage: upload.js --endpoint URL --bucket NAME [--region R] ' +
      '[--part-size BYTES] [--parallel N] FILE KEY\n');
    return 2;
  }
  const [file, key] = positionals;
  const client = new ossresume.Client({
    endpoint: values.endpoint, bucket: values.bucket, region: values.region,
  });
  // Ctrl-C aborts the upload; the checkpoint stays for the next run.
  const ac = new AbortController();
  process.once('SIGINT', () => ac.abort());
  try {
    const r = await client.multipartUpload(key, file, {
      partSize: values['part-size'] ? Number(values['part-size']) : undefined,
      parallel: values.parallel ? Number(values.parallel) : undefined,
      multipartThreshold: 0,
      progress: bar(),
      signal: ac.signal,
    });
    process.stderr.write('\n');
    console.log(`uploaded ${file} to oss://${r.bucket}/${r.name}: etag ${r.etag}, crc64 ` +
      `${r.crc64}, ${r.parts} parts, ${human(r.bytesResumed)} resumed from an earlier run`);
    return 0;
  } catch (e) {
    if (e instanceof ossresume.CancelledError) {
      process.stderr.write(`\ninterrupted: the checkpoint ${file}.cp is kept; run the same ` +
        'command again to resume\n');
      return 130;
    }
    process.stderr.write(`\nupload failed: ${e.name}: ${e.message} (status ${e.status}, ` +
      `request id ${e.requestId || '-'})\n`);
    return 1;
  } finally {
    client.close();
  }
}

main().then((code) => { process.exitCode = code; });
