// ali-oss's "multipartUpload with cancel" pattern (its README), with only the `require` line
// changed and an endpoint added: start an upload saving the checkpoint from progress, cancel
// it from another event (here a timer standing in for a click or a signal), then upload again
// from the saved checkpoint. Unlike ali-oss, cancel() aborts the requests in flight at once.
//
//   OSS_ACCESS_KEY_ID=... OSS_ACCESS_KEY_SECRET=... OSS_ENDPOINT=http://127.0.0.1:PORT \
//     node alioss-pause-resume.js <file> [bucket]
const OSS = require('ossresume'); // was: require('ali-oss')

const store = new OSS({
  region: 'oss-cn-hangzhou',
  endpoint: process.env.OSS_ENDPOINT, // added
  accessKeyId: process.env.OSS_ACCESS_KEY_ID,
  accessKeySecret: process.env.OSS_ACCESS_KEY_SECRET,
  bucket: process.argv[3] || 'examplebucket',
});

let savedCpt;

async function main() {
  // start upload
  try {
    const result = await store.multipartUpload('object', process.argv[2], {
      checkpoint: savedCpt,
      progress: function (p, cpt, res) {
        console.log(p);
        savedCpt = cpt;
        // the other event to cancel, for example: click event
        if (cpt && cpt.doneParts.length >= 2) setImmediate(() => store.cancel());
      },
    });
    console.log(result);
  } catch (err) {
    // if cancel will catch cancel event
    if (store.isCancel()) {
      console.log('paused at', savedCpt.doneParts.length, 'parts:', err.name);
    } else {
      throw err;
    }
  }
  // resume from the saved checkpoint
  const result = await store.multipartUpload('object', process.argv[2], {
    checkpoint: savedCpt,
    progress: function (p, cpt, res) {
      console.log(p);
      if (cpt) savedCpt = cpt;
    },
  });
  console.log('resumed', result.res.status, result.etag, 'bytesResumed', result.bytesResumed);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
