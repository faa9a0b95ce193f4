'use strict';
// ali-oss, the official OSS SDK for Node and browsers, as a referee for ossemu: configured
// exactly as a user configures it (endpoint http://127.0.0.1:PORT, region, bucket, keys), with
// its default V1 signing and with authorizationV4, and nothing that bends it to ossemu. Where
// ali-oss and ossemu disagree, ossemu is wrong unless OSS's documentation says otherwise.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const OSS = require('ali-oss');
const { startOssemu, FIXTURE } = require('../ossemu');

const PART = 100 * 1024; // OSS's smallest part

function crc64(buf) {
  // CRC-64/XZ (ECMA-182, reflected), the x-oss-hash-crc64ecma algorithm; table built once.
  if (!crc64.table) {
    const poly = 0xC96C5795D7870F42n;
    crc64.table = Array.from({ length: 256 }, (_, i) => {
      let c = BigInt(i);
      for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
      return c;
    });
  }
  let crc = 0xFFFFFFFFFFFFFFFFn;
  for (const b of buf) crc = crc64.table[Number((crc ^ BigInt(b)) & 0xFFn)] ^ (crc >> 8n);
  return (crc ^ 0xFFFFFFFFFFFFFFFFn).toString();
}

async function rejects(promise, status, code) {
  const err = await promise.then(() => null, (e) => e);
  assert.ok(err, `expected ${status} ${code}, the call succeeded`);
  assert.equal(err.status, status, `status of ${err.code}: ${err.message}`);
  assert.equal(err.code, code, err.message);
  assert.match(err.requestId || '', /^[0-9A-F]{24}$/, 'the error carries the request id');
  return err;
}

for (const v4 of [false, true]) {
  describe(v4 ? 'ali-oss V4' : 'ali-oss V1 (default)', () => {
    let emu;
    let dir;
    const client = (over = {}) => new OSS({
      endpoint: emu.url, region: `oss-${FIXTURE.region}`, bucket: FIXTURE.bucket,
      accessKeyId: FIXTURE.accessKeyId, accessKeySecret: FIXTURE.accessKeySecret,
      ...(v4 ? { authorizationV4: true } : {}), ...over,
    });
    const makeFile = (name, size) => {
      const data = crypto.randomBytes(size);
      const file = path.join(dir, name);
      fs.writeFileSync(file, data);
      return { file, data };
    };
    const keyOf = (k) => `${v4 ? 'v4' : 'v1'}/${k}`;

    before(async () => {
      emu = await startOssemu();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ossemu-alioss-'));
    });
    after(async () => {
      await emu.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('put, get, head, delete', async () => {
      const c = client();
      const key = keyOf('dir/hello world+.txt');
      const data = crypto.randomBytes(5000);
      const put = await c.put(key, data, { headers: { 'x-oss-meta-who': 'alioss' } });
      assert.equal(put.res.status, 200);
      assert.equal(put.res.headers['x-oss-hash-crc64ecma'], crc64(data));
      const got = await c.get(key);
      assert.deepEqual(got.content, data);
      const head = await c.head(key);
      assert.equal(head.status, 200);
      assert.equal(head.meta.who, 'alioss');
      assert.equal(Number(head.res.headers['content-length']), data.length);
      const stored = await emu.object(key);
      assert.deepEqual(stored.body, data);
      await c.delete(key);
      await rejects(c.head(key), 404, 'NoSuchKey');
      await rejects(c.get(key), 404, 'NoSuchKey');
      assert.equal((await emu.object(key)).status, 404);
    });

    it('list (v1) and listV2, with prefix, delimiter and paging', async () => {
      const c = client();
      const keys = ['a/1', 'a/2', 'b/1', 'c', 'd'].map((k) => keyOf(`list/${k}`));
      for (const k of keys) await c.put(k, Buffer.from(k));
      const prefix = keyOf('list/');
      const first = await c.list({ prefix, delimiter: '/', 'max-keys': 2 });
      assert.deepEqual(first.prefixes, [`${prefix}a/`, `${prefix}b/`]);
      assert.equal(first.isTruncated, true);
      assert.deepEqual(first.objects || [], []);
      const rest = await c.list({ prefix, delimiter: '/', marker: first.nextMarker });
      assert.deepEqual(rest.objects.map((o) => o.name), [`${prefix}c`, `${prefix}d`]);
      assert.equal(rest.objects[0].owner.id, 'ossemu', 'v1 listings carry Owner');
      assert.equal(rest.objects[0].size, Buffer.byteLength(`${prefix}c`));
      assert.equal(rest.isTruncated, false);

      const seen = [];
      let token;
      do {
        const page = await c.listV2({ prefix, 'max-keys': 2, 'continuation-token': token });
        seen.push(...page.objects.map((o) => o.name));
        assert.equal(page.keyCount, page.objects.length);
        token = page.nextContinuationToken;
        if (!page.isTruncated) break;
      } while (token);
      assert.deepEqual(seen, [...keys].sort());
      const owner = await c.listV2({ prefix, 'fetch-owner': true, 'max-keys': 1 });
      assert.equal(owner.objects[0].owner.id, 'ossemu');
    });

    it('listBuckets honours prefix, marker and max-keys: deleting what it lists spares the rest', async () => {
      const c = client();
      const mine = ['a', 'b', 'c'].map((x) => `${v4 ? 'v4' : 'v1'}-tmp-${x}`);
      for (const b of mine) await c.putBucket(b);
      const prefix = `${v4 ? 'v4' : 'v1'}-tmp-`;
      const first = await c.listBuckets({ prefix, 'max-keys': 2 });
      assert.deepEqual(first.buckets.map((b) => b.name), mine.slice(0, 2));
      assert.equal(first.isTruncated, true);
      assert.equal(first.nextMarker, mine[1]);
      const rest = await c.listBuckets({ prefix, marker: first.nextMarker });
      assert.deepEqual(rest.buckets.map((b) => b.name), mine.slice(2));
      assert.equal(rest.isTruncated, false);
      for (const b of [...first.buckets, ...rest.buckets]) await c.deleteBucket(b.name);
      const all = await c.listBuckets();
      assert.deepEqual(all.buckets.map((b) => b.name), [FIXTURE.bucket], 'only what was listed was deleted');
    });

    it('multipartUpload with parallel and progress', async () => {
      const c = client();
      const { file, data } = makeFile('mp.bin', 5 * PART + 777);
      const key = keyOf('mp.bin');
      const seen = [];
      const res = await c.multipartUpload(key, file, {
        parallel: 3, partSize: PART, progress: (p, cpt) => { seen.push([p, cpt && cpt.doneParts.length]); },
      });
      assert.equal(res.res.status, 200);
      assert.equal(seen[0][0], 0, 'the first progress call is 0');
      assert.equal(seen[seen.length - 1][0], 1, 'the last progress call is 1');
      assert.equal(seen.filter(([, n]) => n > 0).length, 6, 'one call per part');
      const stored = await emu.object(key);
      assert.equal(stored.crc64, crc64(data));
      assert.deepEqual(stored.body, data);
      const ops = (await emu.log()).filter((e) => e.key === key && e.op === 'UploadPart');
      assert.equal(ops.length, 6);
    });

    it('cancel() from progress, then resume from the saved checkpoint', async () => {
      const c = client();
      const { file, data } = makeFile('resume.bin', 8 * PART + 1);
      const key = keyOf('resume.bin');
      let saved;
      const err = await c.multipartUpload(key, file, {
        parallel: 2, partSize: PART,
        progress: (p, cpt) => {
          if (cpt && cpt.doneParts.length >= 3 && !saved) {
            saved = JSON.parse(JSON.stringify(cpt));
            c.cancel();
          }
        },
      }).then(() => null, (e) => e);
      assert.ok(err, 'the cancelled upload must not succeed');
      assert.equal(err.name, 'cancel');
      assert.ok(saved && saved.uploadId, 'a checkpoint was saved');
      assert.equal((await emu.object(key)).status, 404, 'no object after cancel');
      const before = (await emu.log()).filter((e) => e.key === key && e.op === 'UploadPart' && e.status === 200);

      // ali-oss trusts the checkpoint's doneParts and adds to them as it goes.
      const doneAtCancel = saved.doneParts.map((p) => p.number);
      const res = await c.multipartUpload(key, file, { checkpoint: saved, parallel: 2, partSize: PART });
      assert.equal(res.res.status, 200);
      const stored = await emu.object(key);
      assert.equal(stored.crc64, crc64(data));
      assert.deepEqual(stored.body, data);
      const log = (await emu.log()).filter((e) => e.key === key);
      assert.equal(log.filter((e) => e.op === 'InitiateMultipartUpload').length, 1, 'the resume reuses the upload');
      const afterResume = log.filter((e) => e.op === 'UploadPart' && e.status === 200);
      // A part recorded done is never sent again (one in flight at cancel() may be: ali-oss
      // does not record it, and sends it again on resume).
      for (const n of doneAtCancel) {
        assert.equal(afterResume.filter((e) => e.partNumber === n).length, 1, `part ${n} sent once`);
      }
      assert.deepEqual([...new Set(afterResume.map((e) => e.partNumber))].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.ok(afterResume.length > before.length, 'the resume sent the remaining parts');
    });

    it('initMultipartUpload, uploadPart, listParts, listUploads, abortMultipartUpload', async () => {
      const c = client();
      const key = keyOf('parts.bin');
      const { file } = makeFile('parts.bin', 2 * PART);
      const { uploadId } = await c.initMultipartUpload(key);
      const p1 = await c.uploadPart(key, uploadId, 1, file, 0, PART);
      await c.uploadPart(key, uploadId, 2, file, PART, 2 * PART);
      const parts = await c.listParts(key, uploadId);
      assert.deepEqual(parts.parts.map((p) => [Number(p.PartNumber), Number(p.Size)]), [[1, PART], [2, PART]]);
      assert.equal(parts.parts[0].ETag, p1.etag);
      const ups = await c.listUploads({ prefix: key });
      assert.deepEqual(ups.uploads.map((u) => [u.name, u.uploadId]), [[key, uploadId]]);
      await c.abortMultipartUpload(key, uploadId);
      assert.deepEqual((await c.listUploads({ prefix: key })).uploads, []);
      await rejects(c.listParts(key, uploadId), 404, 'NoSuchUpload');
    });

    it('refuses a wrong secret and an unknown key id', async () => {
      const wrong = await rejects(client({ accessKeySecret: 'wrong-secret' }).put(keyOf('x'), Buffer.from('x')), 403, 'SignatureDoesNotMatch');
      assert.match(wrong.message, /signature/i);
      await rejects(client({ accessKeySecret: 'wrong-secret' }).head(keyOf('x')), 403, 'SignatureDoesNotMatch');
      await rejects(client({ accessKeyId: 'LTAInobody' }).put(keyOf('x'), Buffer.from('x')), 403, 'InvalidAccessKeyId');
      assert.equal((await emu.object(keyOf('x'))).status, 404);
    });

    it('putBucketCORS, getBucketCORS, deleteBucketCORS; a preflight follows the rules', async () => {
      const c = client();
      const page = 'http://127.0.0.1:5173';
      const preflight = (origin) => fetch(`${emu.url}/${FIXTURE.bucket}/${keyOf('cors')}`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type,x-oss-date,authorization' },
      });
      await rejects(c.getBucketCORS(FIXTURE.bucket), 404, 'NoSuchCORSConfiguration');
      assert.equal((await preflight(page)).status, 403, 'no rules: the preflight is refused');
      await c.putBucketCORS(FIXTURE.bucket, [{
        allowedOrigin: 'http://127.0.0.1:*', allowedMethod: ['PUT', 'GET'], allowedHeader: '*',
        exposeHeader: ['ETag', 'x-oss-request-id'], maxAgeSeconds: '30',
      }]);
      const got = await c.getBucketCORS(FIXTURE.bucket);
      assert.equal(got.rules.length, 1);
      assert.equal(got.rules[0].allowedOrigin, 'http://127.0.0.1:*');
      assert.deepEqual(got.rules[0].allowedMethod, ['PUT', 'GET']);
      assert.equal(got.rules[0].maxAgeSeconds, '30');
      const ok = await preflight(page);
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('access-control-allow-origin'), page);
      assert.equal(ok.headers.get('access-control-expose-headers'), 'ETag, x-oss-request-id');
      assert.equal((await preflight('http://evil.example')).status, 403);
      await c.deleteBucketCORS(FIXTURE.bucket);
      await rejects(c.getBucketCORS(FIXTURE.bucket), 404, 'NoSuchCORSConfiguration');
      assert.equal((await preflight(page)).status, 403);
    });

    it('STS: stsToken accepted, a bad token refused', async () => {
      const sts = client({ stsToken: FIXTURE.stsToken });
      await sts.put(keyOf('sts.txt'), Buffer.from('sts'));
      assert.deepEqual((await sts.get(keyOf('sts.txt'))).content, Buffer.from('sts'));
      await rejects(client({ stsToken: 'not-a-token' }).put(keyOf('sts-bad.txt'), Buffer.from('x')), 403, 'InvalidSecurityToken');
      assert.equal((await emu.object(keyOf('sts-bad.txt'))).status, 404);
    });
  });
}
