// Type-checked by test/alioss-types.test.js (tsc --noEmit --strict): both interfaces of the
// package as users write them. Never run.
import OSS = require('ossresume');
import { Client, ServerError, CancelledError } from 'ossresume';

async function aliStyle(filePath: string): Promise<void> {
  const client = new OSS({
    region: 'oss-cn-hangzhou', accessKeyId: 'id', accessKeySecret: 'secret', authorizationV4: true,
    bucket: 'examplebucket', timeout: '60s', refreshSTSToken: async () => ({ accessKeyId: 'a', accessKeySecret: 'b', stsToken: 't' }),
  });
  let checkpoint: OSS.AliCheckpoint | null | undefined;
  for (let i = 0; i < 5; i++) {
    try {
      const result = await client.multipartUpload('object-name', filePath, {
        checkpoint, parallel: 4, partSize: 1024 * 1024, meta: { a: 'b' },
        async progress(percentage, cpt, res) {
          checkpoint = cpt;
          if (res) console.log(percentage, res.headers['x-oss-request-id'], res.requestUrls[0]);
        },
      });
      const etag: string = result.etag;
      const status: number = result.res.status;
      const verified: boolean = result.verified;
      console.log(etag, status, result.crc64, result.bytesResumed, verified);
      break;
    } catch (e) {
      if (client.isCancel()) return;
      if (e instanceof ServerError) console.log(e.name, e.status, e.code, e.requestId, e.hostId);
    }
  }
  client.cancel();
  const parts = await client.listParts('object-name', 'id', { 'max-parts': 10 });
  const n: string = parts.parts[0].PartNumber;
  const ups = await client.listUploads({ prefix: 'o' });
  console.log(n, ups.uploads[0].uploadId);
  await client.abortMultipartUpload('object-name', 'id');
}

async function nativeStyle(file: string): Promise<void> {
  const c = new Client({ endpoint: 'http://127.0.0.1:9000', region: 'cn-hangzhou', bucket: 'b' });
  const ac = new AbortController();
  try {
    const r = await c.multipartUpload('k', file, { signal: ac.signal, progress: (p, cpt, info) => console.log(p, cpt?.file, info.totalBytes) });
    const verified: boolean = r.verified;
    console.log(r.crc64, r.bytesResumed, verified);
  } catch (e) {
    if (e instanceof CancelledError) console.log(e.code);
  }
  const up = c.startUpload('k', file);
  console.log(up.progress().done);
  const other = new OSS.Client({ endpoint: 'h' });
  other.close();
  console.log(OSS.version());
}

// issue 21: download
async function downloads(file: string): Promise<void> {
  const client = new OSS({ region: 'oss-cn-hangzhou', accessKeyId: 'a', accessKeySecret: 'b', bucket: 'b' });
  let checkpoint: OSS.DownloadCheckpoint | null = null;
  const r = await client.resumableDownload('object-name', file, {
    parallel: 4, partSize: 1 << 20, checkpoint,
    progress: (p, cpt, res) => { checkpoint = cpt; console.log(p, res.status); },
  });
  const fetched: number = r.bytesFetched;
  console.log(r.res.requestUrls[0], r.crc64, fetched);
  const c = new Client({ endpoint: 'http://127.0.0.1:9000', region: 'cn-hangzhou', bucket: 'b' });
  const d = await c.resumableDownload('k', file, { signal: new AbortController().signal, checkpoint: false });
  const verified: boolean = d.verified;
  const h = c.startDownload('k', file, { parallel: 2 });
  console.log(verified, h.progress().total, h.checkpointPath);
  h.cancel();
}

void aliStyle;
void nativeStyle;
void downloads;
