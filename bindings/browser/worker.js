// The ossresume engine's Web Worker: boots Go's wasm_exec.js and ossresume.wasm, then hands
// every message from the page to the engine (the Worker RPC of ENGINE.md). Messages that
// arrive while the wasm is still loading are queued and handed over once it has started.
//
// Where the files are: wasm_exec.js and ossresume.wasm beside this script, unless the page
// names the wasm in the worker's URL: new Worker('worker.js?wasm=' + encodeURIComponent(url)).
'use strict';
(function () {
  const here = new URL(self.location.href);
  importScripts(new URL('wasm_exec.js', here).href);
  const wasmURL = here.searchParams.get('wasm') || new URL('ossresume.wasm', here).href;
  const queue = [];
  let started = false;

  self.onmessage = (e) => {
    if (started) self.ossresumeHandle(e.data);
    else queue.push(e.data);
  };
  // Called by the engine once its handler is set.
  self.ossresumeStarted = () => {
    started = true;
    for (const m of queue.splice(0)) self.ossresumeHandle(m);
  };

  const go = new Go();
  async function instantiate() {
    const resp = await fetch(wasmURL);
    if (!resp.ok) throw new Error(`loading ${wasmURL}: HTTP ${resp.status}`);
    // instantiateStreaming needs Content-Type application/wasm; a server that says otherwise
    // (or serves it compressed under another type) still works through the buffer.
    if (WebAssembly.instantiateStreaming &&
        (resp.headers.get('Content-Type') || '').split(';')[0].trim() === 'application/wasm') {
      return WebAssembly.instantiateStreaming(resp, go.importObject);
    }
    return WebAssembly.instantiate(await resp.arrayBuffer(), go.importObject);
  }
  instantiate().then((r) => go.run(r.instance)).catch((err) => {
    self.postMessage({ event: 'fatal', message: String(err && err.message || err) });
    // Answer what waits, so that no promise of the page hangs.
    for (const m of queue.splice(0)) {
      self.postMessage({ id: m && m.id, ok: false, error: { code: 'E_INTERNAL', code_number: 10,
        error_code: 'EngineLoadError', message: 'the engine did not start: ' + String(err && err.message || err) } });
    }
    self.onmessage = (e) => self.postMessage({ id: e.data && e.data.id, ok: false, error: { code: 'E_INTERNAL',
      code_number: 10, error_code: 'EngineLoadError', message: 'the engine did not start' } });
  });
})();
