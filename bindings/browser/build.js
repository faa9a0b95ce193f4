'use strict';
// Writes ossresume.js: the browser package's CommonJS modules (src/ and the facade shared with
// bindings/node/lib) wrapped into one script that sets the global `OSS`. No bundler: each
// module becomes a function in a table keyed by its path, and a small require resolves the
// relative paths between them. A require of anything else (node: modules, npm packages, a
// file not listed) fails the build, so the page never pulls in Node.
//
//   node bindings/browser/build.js --out build/browser/ossresume.js

const fs = require('node:fs');
const path = require('node:path');

const HERE = __dirname;
const REPO = path.resolve(HERE, '..', '..');
const ENTRY = path.join(HERE, 'src', 'main.js');

function parseArgs(argv) {
  const out = { out: path.join(REPO, 'build', 'browser', 'ossresume.js') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out.out = path.resolve(argv[++i]);
    else throw new Error(`build.js: unknown argument ${argv[i]}`);
  }
  return out;
}

function resolveFrom(file, spec) {
  if (!spec.startsWith('./') && !spec.startsWith('../')) {
    throw new Error(`${path.relative(REPO, file)}: require('${spec}'): only the package's own ` +
      'modules may be required in the browser build (no node: modules, no npm packages)');
  }
  let p = path.resolve(path.dirname(file), spec);
  if (!p.endsWith('.js')) p += '.js';
  if (!fs.existsSync(p)) throw new Error(`${path.relative(REPO, file)}: require('${spec}'): ${p} not found`);
  return p;
}

/** Every module reachable from the entry, in the order found: [{ id, file, source, deps }]. */
function collect(entry) {
  const seen = new Map();
  const visit = (file) => {
    if (seen.has(file)) return;
    const source = fs.readFileSync(file, 'utf8');
    const deps = {};
    seen.set(file, { id: path.relative(REPO, file), file, source, deps });
    for (const m of source.matchAll(/\brequire\(\s*(['"])([^'"]+)\1\s*\)/g)) {
      const target = resolveFrom(file, m[2]);
      deps[m[2]] = path.relative(REPO, target);
      visit(target);
    }
  };
  visit(entry);
  return [...seen.values()];
}

function bundle(modules, entryId, version) {
  const parts = [];
  parts.push(`/* ossresume.js ${version}: resumable multipart upload to Alibaba Cloud OSS from a web page, ` +
    'shaped like ali-oss\'s browser SDK (global OSS). Engine: ossresume.wasm in a Worker (worker.js). ' +
    'Built by bindings/browser/build.js from: ' + modules.map((m) => m.id).join(', ') + ' */');
  parts.push('(function (global) {');
  parts.push('\'use strict\';');
  parts.push('var defs = {};');
  for (const m of modules) {
    parts.push(`defs[${JSON.stringify(m.id)}] = { deps: ${JSON.stringify(m.deps)}, fn: function (require, module, exports) {`);
    parts.push(m.source.replace(/^'use strict';\n/, ''));
    parts.push('} };');
  }
  parts.push(`var cache = {};
function load(id) {
  if (cache[id]) return cache[id].exports;
  var def = defs[id];
  var module = { exports: {} };
  cache[id] = module;
  def.fn(function (spec) { return load(def.deps[spec]); }, module, module.exports);
  return module.exports;
}
global.OSS = load(${JSON.stringify(entryId)});
})(typeof self !== 'undefined' ? self : this);
`);
  return parts.join('\n');
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const modules = collect(ENTRY);
  const version = JSON.parse(fs.readFileSync(path.join(REPO, 'bindings', 'node', 'package.json'), 'utf8')).version;
  const text = bundle(modules, path.relative(REPO, ENTRY), version);
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, text);
  process.stdout.write(`${path.relative(process.cwd(), args.out)}: ${modules.length} modules, ${text.length} bytes\n`);
}

if (require.main === module) main();

module.exports = { collect, bundle };
