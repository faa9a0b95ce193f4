// The OSS documentation's Node.js resumable-upload sample (ali-oss), with only the `require`
// line changed, plus an endpoint for a server other than OSS (here OSS_ENDPOINT, e.g. a local
// tests/ossemu). Credentials come from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET, as in the
// documentation.
//
//   OSS_ACCESS_KEY_ID=... OSS_ACCESS_KEY_SECRET=... node alioss-resume.js <file>
const OSS = require('ossresume'); // was: require('ali-oss')

const client = new OSS({
  region: 'yourregion',
  endpoint: process.env.OSS_ENDPOINT, // added: where OSS (or ossemu) listens; absent: from region
  accessKeyId: process.env.OSS_ACCESS_KEY_ID,
  accessKeySecret: process.env.OSS_ACCESS_KEY_SECRET,
  authorizationV4: true,
  bucket: 'examplebucket',
});

const filePath = process.argv[2];

let checkpoint;
async function resumeUpload() {
  for (let i = 0; i < 5; i++) {
    try {
      const result = await client.multipartUpload('object-name', filePath, {
        checkpoint,
        async progress(percentage, cpt) {
          checkpoint = cpt;
        },
      });
      console.log(result);
      break;
    } catch (e) {
      console.log(e);
    }
  }
}

resumeUpload();
