// Shortens the names wasm-bindgen gives the browser functions our
// WebAssembly imports, after the release build (scripts/build.sh).
//
// wasm-bindgen 0.2.130 names each import `__wbg_<name>_<16 hex digits>`
// (`__wbindgen_cast_<16 hex>` for casts). Each name is written in the
// script glue and again in the import section of every wasm file that
// calls it, and random hex does not compress: measured, 3.6 KB of every
// island page's download (README, "Per-page code"). This gives each such
// name a short one (`_0`, `_1`, … in sorted order, so the same build
// always gets the same names) in the glue, in the split loader and in
// every wasm file's import section, then writes the brotli and gzip
// copies again. The file names keep the content hash of the build they
// came from; the rename is a function of that content.
//
// Fails (exit 1) when a long name is left anywhere after the rename: a
// file would call a function the glue no longer has under that name.
//
// Usage: node scripts/short-imports.mjs target/site/pkg
import * as fs from 'node:fs';
import * as path from 'node:path';
import { imports, mapImports, writeWithCopies } from './wasm-file.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/short-imports.mjs <site pkg dir>');
  process.exit(2);
}
const LONG = /__wb(?:g|indgen)_[A-Za-z0-9_]*?_[0-9a-f]{16}(?![A-Za-z0-9_])/g;
const files = fs.readdirSync(dir).filter((f) => /\.(js|wasm)$/.test(f)).map((f) => path.join(dir, f));
const importNames = (buf) => imports(buf).map((i) => i.field);
const renameImports = (buf, rename) => mapImports(buf, (i) => ({ ...i, field: rename.get(i.field) ?? i.field }));

// --- every long name, in every file ------------------------------------
const long = new Set();
for (const f of files) {
  if (f.endsWith('.wasm')) {
    for (const n of importNames(fs.readFileSync(f))) if (new RegExp(`^${LONG.source}$`).test(n)) long.add(n);
  } else {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(LONG)) long.add(m[0]);
  }
}
if (long.size === 0) {
  console.log('short-imports: no long import names (already shortened)');
  process.exit(0);
}
const rename = new Map([...long].sort().map((n, i) => [n, `_${i.toString(36)}`]));
// A short name must be new to every file, or two functions would share it.
const shorts = new Set(rename.values());
for (const f of files) {
  const taken = f.endsWith('.wasm')
    ? importNames(fs.readFileSync(f))
    : [...fs.readFileSync(f, 'utf8').matchAll(/(?<![A-Za-z0-9_$])_[0-9a-z]+(?![A-Za-z0-9_$])/g)].map((m) => m[0]);
  const clash = taken.find((n) => shorts.has(n));
  if (clash) {
    console.error(`short-imports: ${path.basename(f)} already uses ${clash}`);
    process.exit(1);
  }
}

let before = 0;
let after = 0;
for (const f of files) {
  const old = fs.readFileSync(f);
  const out = f.endsWith('.wasm')
    ? renameImports(old, rename)
    : Buffer.from(old.toString('utf8').replace(LONG, (n) => rename.get(n)), 'utf8');
  const left = out.toString('latin1').match(LONG);
  if (left) {
    console.error(`short-imports: ${path.basename(f)} still names ${left[0]}`);
    process.exit(1);
  }
  if (out.equals(old)) continue;
  if (fs.existsSync(`${f}.br`)) before += fs.statSync(`${f}.br`).size;
  writeWithCopies(f, out);
  if (fs.existsSync(`${f}.br`)) after += fs.statSync(`${f}.br`).size;
}
console.log(`short-imports: ${rename.size} import names shortened; the changed files' brotli ${before} -> ${after} bytes`);
