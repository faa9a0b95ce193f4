'use strict';
// The OSS documentation's Browser.js resumable-upload sample (examples/browser/
// resumable-upload.html): first, that it is the documented page but for the script tag and the
// options; then, run in headless Chromium as a user runs it (Upload, Pause, Resume buttons)
// against ossemu, the object byte-identical and the parts finished before the pause not sent
// again.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const h = require('../harness');

// The documented page (help.aliyun.com/zh/oss/developer-reference/resumable-upload-9,
// "断点续传上传(Browser.js SDK)", SDK 6.18.0), as published: its head down to the 100 MB file
// was read from the page; the rest is its text as this session could recover it (the search
// tools return only the start of a page). The English page is the same code.
const DOC = String.raw`<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>Document</title>
  </head>
  <body>
    <button id="submit">上传</button>
    <button id="pause">暂停</button>
    <button id="resume">恢复上传</button>
    <!--导入SDK文件-->
    <script
      type="text/javascript"
      src="https://gosspublic.alicdn.com/aliyun-oss-sdk-6.18.0.min.js"
    ></script>
    <script type="text/javascript">
      const client = new OSS({
       // yourRegion填写Bucket所在地域。以华东1(杭州)为例,yourRegion填写为oss-cn-hangzhou。
       region: 'yourRegion',
       authorizationV4: true,
       // 从STS服务获取的临时访问密钥(AccessKey ID和AccessKey Secret)。
       accessKeyId: 'yourAccessKeyId',
       accessKeySecret: 'yourAccessKeySecret',
       // 从STS服务获取的安全令牌(SecurityToken)。
       stsToken: 'yourSecurityToken',
       // 填写Bucket名称,例如examplebucket。
       bucket: "examplebucket",
    });
      // 生成用于断点续传上传的文件,大小为100 MB。
      const fileContent = Array(1024 * 1024 * 100)
        .fill("a")
        .join("");
      const file = new File([fileContent], "multipart-upload-file");
      // 填写Object完整路径,例如exampledir/exampleobject.txt。Object完整路径中不能包含Bucket名称。
      const name = "test.txt";
      // 定义中断点。
      let abortCheckpoint;
      // 获取DOM。
      const submit = document.getElementById("submit");
      const pause = document.getElementById("pause");
      const resume = document.getElementById("resume");

      // 监听按钮。
      submit.addEventListener("click", async () => {
        client
          .multipartUpload(name, file, {
            progress: (p, cpt, res) => {
              // 为中断点赋值。
              abortCheckpoint = cpt;
              // 获取上传进度。
              console.log(p * 100);
            },
          })
          .then((r) => console.log(r));
      });
      // 暂停上传。
      pause.addEventListener("click", () => {
        client.cancel();
      });

      const resumeUpload = async () => {
        // 设置重试次数为五次。
        try {
          const r = await client.multipartUpload(name, file, {
            checkpoint: abortCheckpoint,
            progress: (p, cpt, res) => {
              // 为了实现断点续传,您可以在上传过程中保存断点信息(checkpoint)。发生上传错误后,将已保存的checkpoint作为参数传递给multipartUpload,此时将从上次上传失败的地方继续上传。
              abortCheckpoint = cpt;
              // 获取上传进度。
              console.log(p * 100);
            },
          });
          console.log(r);
        } catch (e) {
          console.log(e);
        }
      };

      // 恢复上传。
      resume.addEventListener("click", async () => {
        await resumeUpload();
      });
    </script>
  </body>
</html>
`;

const DOC_SCRIPT_TAG = [
  '<script',
  'type="text/javascript"',
  'src="https://gosspublic.alicdn.com/aliyun-oss-sdk-6.18.0.min.js"',
  '></script>',
];
const OUR_SCRIPT_TAG = '<script type="text/javascript" src="ossresume.js"></script>';
// Options a user may add to the documented ones (the sample names no endpoint).
const ADDED_OPTION = /^endpoint: 'yourEndpoint',$/;
// The one change outside the script tag and the options: the documented 100 MB file is built
// with Array(104857600).fill("a"), which V8 keeps as a dictionary (above 32 Mi elements):
// Chromium had not loaded the page after 30 s, and the same line in Node's V8 ran out of its
// 4 GB heap after 4 minutes. The example builds a 10 MB file instead; the code is otherwise
// the same.
const SIZE_LINES = new Map([
  ['// 生成用于断点续传上传的文件,大小为100 MB。', '// 生成用于断点续传上传的文件,大小为10 MB。'],
  ['const fileContent = Array(1024 * 1024 * 100)', 'const fileContent = Array(1024 * 1024 * 10)'],
]);

/** How the example differs from the documented page beyond what is allowed: [] when only the
 *  script tag and the options' endpoint line differ. */
function sampleDiffers(example, doc) {
  const ex = example.split('\n').map((l) => l.trimEnd());
  const dc = doc.split('\n').map((l) => l.trimEnd());
  const out = [];
  let i = 0;
  let j = 0;
  let inOptions = false;
  while (i < ex.length || j < dc.length) {
    const e = ex[i];
    const d = dc[j];
    if (d !== undefined && d.trim() === DOC_SCRIPT_TAG[0]
      && DOC_SCRIPT_TAG.every((t, k) => (dc[j + k] || '').trim() === t)) {
      if ((e || '').trim() !== OUR_SCRIPT_TAG) out.push(`line ${i + 1}: expected the script tag ${OUR_SCRIPT_TAG}, got ${JSON.stringify(e)}`);
      i++;
      j += DOC_SCRIPT_TAG.length;
      continue;
    }
    if (e !== undefined && /new OSS\(\{$/.test(e.trim())) inOptions = true;
    if (inOptions && e !== undefined && e !== d && ADDED_OPTION.test(e.trim())) {
      i++;
      continue;
    }
    if (e !== undefined && /^\}\);$/.test(e.trim())) inOptions = false;
    if (d !== undefined && e !== undefined && SIZE_LINES.get(d.trim()) === e.trim()
      && e.slice(0, e.length - e.trimStart().length) === d.slice(0, d.length - d.trimStart().length)) {
      i++;
      j++;
      continue;
    }
    if (e !== d) out.push(`line ${i + 1}: ${JSON.stringify(e)} where the documentation has ${JSON.stringify(d)}`);
    i++;
    j++;
  }
  return out;
}

describe('the documentation sample page', () => {
  it('is the documented page but for the script tag, the endpoint option and the file size', () => {
    const example = fs.readFileSync(h.EXAMPLE, 'utf8');
    assert.deepEqual(sampleDiffers(example, DOC), []);
    // The comparison itself catches a changed line and a changed script tag.
    assert.notDeepEqual(sampleDiffers(example.replace('checkpoint: abortCheckpoint', 'checkpoint: undefined'), DOC), []);
    assert.notDeepEqual(sampleDiffers(example.replace('src="ossresume.js"', 'src="other.js"'), DOC), []);
  });

  describe('run in Chromium: Upload, Pause, Resume', () => {
    let emu;
    let site;
    let browser;
    before(async () => {
      emu = await h.startOssemu('--cors');
      const fill = (html) => html
        .replace("'yourRegion'", `'oss-${h.FIXTURE.region}'`)
        .replace("'yourEndpoint'", `'${h.endpointFor(emu)}'`)
        .replace("'yourAccessKeyId'", `'${h.FIXTURE.accessKeyId}'`)
        .replace("'yourAccessKeySecret'", `'${h.FIXTURE.accessKeySecret}'`)
        .replace("'yourSecurityToken'", `'${h.FIXTURE.stsToken}'`);
      site = await h.startSite(fill);
      browser = await h.launch();
    });
    after(async () => {
      if (browser) await browser.close();
      if (site) site.close();
      if (emu) await emu.stop();
    });

    it('uploads, pauses and resumes; the object is byte-identical', async () => {
      const page = await browser.context.newPage();
      const percents = [];
      const results = [];
      const errors = [];
      page.on('console', async (msg) => {
        const n = Number(msg.text());
        if (msg.text() !== '' && Number.isFinite(n)) {
          percents.push(n);
          return;
        }
        const arg = msg.args()[0];
        if (!arg) return;
        const v = await arg.evaluate((o) => (o && typeof o === 'object'
          ? { etag: o.etag, status: o.res && o.res.status, name: o.name, message: o.message } : null)).catch(() => null);
        if (v && v.etag) results.push(v);
        else if (v) errors.push(v);
      });
      page.on('pageerror', (e) => errors.push({ name: e.name, message: e.message }));
      // Each part is held 1 s, so the 10 parts take two rounds of 5 and the pause lands
      // between them even on a loaded machine.
      await emu.addFault('op=UploadPart,delay=1s');
      await page.goto(`${site.origin}/sample.html`);
      await page.click('#submit');
      const until = async (cond, what, ms = 60000) => {
        const end = Date.now() + ms;
        while (!cond()) {
          if (Date.now() > end) throw new Error(`timed out waiting for ${what}; errors: ${JSON.stringify(errors)}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      // The user presses Pause once a part is done (progress reports bytes read, which run
      // ahead of the parts the server acknowledged).
      await until(() => percents.length > 0, 'progress');
      await page.waitForFunction('abortCheckpoint && abortCheckpoint.doneParts.length >= 1',
        null, { timeout: 60000, polling: 20 });
      await page.click('#pause');
      // The upload stops: ali-oss rejects with name 'cancel' (the sample does not catch it).
      await until(() => errors.some((e) => /cancel/.test(`${e.name} ${e.message}`)), 'the cancel');
      const saved = await page.evaluate('abortCheckpoint && abortCheckpoint.doneParts.map((p) => p.number)');
      assert.ok(saved && saved.length >= 1 && saved.length < 10, `parts done at the pause: ${saved}`);
      await new Promise((r) => setTimeout(r, 500)); // parts in flight at the pause settle
      const before = await emu.log();
      await emu.clearLog();
      await emu.clearFaults();
      await page.click('#resume');
      await until(() => results.length > 0, 'the resumed upload\'s result');
      assert.equal(results[0].status, 200);
      assert.match(results[0].etag, /^"[0-9A-F]{32}-10"$/);
      const got = await emu.object('test.txt');
      assert.equal(got.status, 200);
      assert.equal(got.body.length, 10 * 1024 * 1024);
      assert.ok(got.body.equals(Buffer.alloc(10 * 1024 * 1024, 'a')), 'the object differs from the page\'s file');
      const after = await emu.log();
      const parts = (log) => log.filter((e) => e.op === 'UploadPart' && e.status === 200).map((e) => e.partNumber);
      const resent = parts(after).filter((n) => saved.includes(n));
      assert.deepEqual(resent, [], 'parts in the checkpoint at the pause were sent again');
      assert.equal(after.filter((e) => e.op === 'InitiateMultipartUpload').length, 0, 'the resume continues the same upload');
      assert.equal(before.filter((e) => e.op === 'InitiateMultipartUpload').length, 1);
      assert.equal(new Set([...parts(before), ...parts(after)]).size, 10);
      assert.ok(after.every((e) => e.auth === undefined || e.auth === 'V4' || e.op === 'Options'),
        'authorizationV4: true signs every request V4');
      await page.close();
    });
  });
});

module.exports = { sampleDiffers, DOC };
