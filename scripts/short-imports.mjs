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
import * as zlib from 'node:zlib';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/short-imports.mjs <site pkg dir>');
  process.exit(2);
}
const LONG = /__wb(?:g|indgen)_[A-Za-z0-9_]*?_[0-9a-f]{16}(?![A-Za-z0-9_])/g;
const files = fs.readdirSync(dir).filter((f) => /\.(js|wasm)$/.test(f)).map((f) => path.join(dir, f));

// --- wasm: the import section -------------------------------------------
function leb(buf, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return [value, at];
  }
}
function encodeLeb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
}
function name(buf, at) {
  const [len, start] = leb(buf, at);
  return [buf.subarray(start, start + len).toString('utf8'), start + len];
}
function encodeName(s) {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([encodeLeb(bytes.length), bytes]);
}
/** Skips an import's description (after its kind byte); returns the end. */
function skipDesc(buf, kind, at) {
  const limits = (p) => {
    const flags = buf[p++];
    [, p] = leb(buf, p);
    if (flags & 1) [, p] = leb(buf, p);
    return p;
  };
  switch (kind) {
    case 0: return leb(buf, at)[1]; // function: type index
    case 1: return limits(at + 1); // table: element type, limits
    case 2: return limits(at); // memory: limits
    case 3: return at + 2; // global: value type, mutability
    case 4: return leb(buf, at + 1)[1]; // tag: attribute, type index
    default: throw new Error(`unknown import kind ${kind}`);
  }
}
/** The import section's function names, and a way to rewrite them. */
function importSection(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm file');
  let at = 8;
  while (at < buf.length) {
    const id = buf[at];
    const [size, body] = leb(buf, at + 1);
    if (id === 2) return { start: at, body, end: body + size };
    at = body + size;
  }
  return null;
}
function importNames(buf) {
  const section = importSection(buf);
  if (!section) return [];
  const names = [];
  let [count, at] = leb(buf, section.body);
  while (count--) {
    let field;
    [, at] = name(buf, at);
    [field, at] = name(buf, at);
    names.push(field);
    at = skipDesc(buf, buf[at], at + 1);
  }
  return names;
}
function renameImports(buf, rename) {
  const section = importSection(buf);
  if (!section) return buf;
  let [count, at] = leb(buf, section.body);
  const parts = [encodeLeb(count)];
  while (count--) {
    let module;
    let field;
    [module, at] = name(buf, at);
    [field, at] = name(buf, at);
    const descStart = at;
    at = skipDesc(buf, buf[at], at + 1);
    parts.push(encodeName(module), encodeName(rename.get(field) ?? field), buf.subarray(descStart, at));
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([
    buf.subarray(0, section.start),
    Buffer.from([2]),
    encodeLeb(body.length),
    body,
    buf.subarray(section.end),
  ]);
}

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
  fs.writeFileSync(f, out);
  if (fs.existsSync(`${f}.br`)) {
    before += fs.statSync(`${f}.br`).size;
    const packed = zlib.brotliCompressSync(out, { params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: out.length,
    } });
    fs.writeFileSync(`${f}.br`, packed);
    after += packed.length;
  }
  if (fs.existsSync(`${f}.gz`)) fs.writeFileSync(`${f}.gz`, zlib.gzipSync(out, { level: 9 }));
}
console.log(`short-imports: ${rename.size} import names shortened; the changed files' brotli ${before} -> ${after} bytes`);
