'use strict';
// One bench upload in Node (kinds ours-node and alioss): the flags of bench.Spec.Args, the
// multipartUpload call timed alone, and {"wall_s", "vm_hwm_kib"} on stdout as the Go clients
// report. ali-oss comes from bindings/node's devDependencies (pinned in its package-lock.json).

const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const NODE_PKG = path.join(REPO, 'bindings', 'node');

function parse(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('-') || i + 1 >= argv.length) throw new Error(`bad flag ${argv[i]}`);
    out[argv[i].slice(1)] = argv[i + 1];
  }
  for (const k of ['kind', 'file', 'part', 'threads', 'endpoint', 'bucket', 'key', 'ak', 'sk', 'workdir']) {
    if (!out[k]) throw new Error(`-${k} is required`);
  }
  if (out.files && out.files !== '1') throw new Error('one file only');
  return out;
}

function hwmKiB() {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : 0;
}

async function main() {
  const a = parse(process.argv.slice(2));
  const config = {
    region: 'oss-' + (a.region || 'cn-hangzhou'), endpoint: a.endpoint,
    accessKeyId: a.ak, accessKeySecret: a.sk, bucket: a.bucket,
  };
  const options = { parallel: Number(a.threads), partSize: Number(a.part) };
  let client;
  if (a.kind === 'alioss') {
    const AliOSS = require(require.resolve('ali-oss', { paths: [NODE_PKG] }));
    if (a.endpoint.startsWith('https:')) {
      // ali-oss checks the certificate against the virtual-hosted name it derives from the
      // region, which a loopback server's certificate cannot carry; so over HTTPS its default
      // agent (agentkeepalive's, as ali-oss makes it) is given here with that name check
      // skipped. The chain is still verified (NODE_EXTRA_CA_CERTS), and the bytes are the same.
      const { HttpsAgent } = require(require.resolve('agentkeepalive', { paths: [path.dirname(require.resolve('ali-oss', { paths: [NODE_PKG] }))] }));
      config.httpsAgent = new HttpsAgent({ checkServerIdentity: () => undefined });
    }
    client = new AliOSS(config);
  } else if (a.kind === 'ours-node') {
    const OSS = require(NODE_PKG);
    client = new OSS(config);
    options.checkpointPath = path.join(a.workdir, 'node.cp');
  } else {
    throw new Error(`kind ${a.kind} is not a Node client`);
  }
  const start = process.hrtime.bigint();
  await client.multipartUpload(a.key, a.file, options);
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (typeof client.close === 'function') client.close();
  process.stdout.write(JSON.stringify({ wall_s: wall, vm_hwm_kib: hwmKiB() }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`node bench client: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
