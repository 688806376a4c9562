// Folds the split build's tiny wasm chunks into larger ones the same pages
// load anyway, after the release build (scripts/build.sh, after
// short-imports.mjs).
//
// `cargo leptos build --split` (wasm_split_cli_support 0.2.3) makes one
// chunk for every set of islands that shares code, however little: on
// `/ankieta` 18 of 31 files were under 400 bytes. Each costs a request
// (about 216 bytes of response headers), a wasm header and import section,
// and a compile and instantiation on the phone's main thread (measured in
// the README, "Per-page code"). A chunk under LIMIT bytes is merged into
// a chunk whose islands include all of its own (so no page that needed it
// goes without), choosing the one that adds it to the fewest other
// islands; those download its bytes in vain. LIMIT is 4 KB: measured
// against 1, 2, 8 and 16 KB in the README (MERGE_CHUNKS_LIMIT sets another
// to measure again).
//
// A chunk only staff islands load is never merged into one a resident page
// loads (STAFF_ISLANDS: the list `src/server/http.rs` keeps apart for the
// service worker; a Rust test checks the two agree).
//
// The merge is binaryen's wasm-merge (end2end/package.json). Chunks import
// the main module's memory, table and stack pointer from `__wasm_split`;
// so that the merged file imports each once, every chunk imports them
// from a small `base` module instead, which imports them from
// `__wasm_split` and which wasm-merge folds in. Then the split loader
// (`__wasm_split.*.js`) loads the merged file wherever it loaded either,
// the manifest names it, the merged-away files are deleted and the brotli
// and gzip copies are written again. The file names keep the content hash
// of the build they came from; the merge is a function of that content.
// A second run finds nothing to merge.
//
// Usage: node scripts/merge-chunks.mjs target/site/pkg
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXPORT, exportEntry, HEADER, IMPORT, importEntry, imports, mapImports, replaceSection, section, sections, writeWithCopies } from './wasm-file.mjs';

const LIMIT = Number(process.env.MERGE_CHUNKS_LIMIT ?? 4096);
const STAFF_ISLANDS = ['console_live', 'kiosk_form'];
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals'];

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/merge-chunks.mjs <site pkg dir>');
  process.exit(2);
}
const only = (re) => {
  const found = fs.readdirSync(dir).filter((f) => re.test(f));
  if (found.length !== 1) {
    console.error(`merge-chunks: expected one ${re} in ${dir}, found ${found.length}`);
    process.exit(1);
  }
  return path.join(dir, found[0]);
};
const manifestFile = only(/^__wasm_split_manifest\..*\.json$/);
const loaderFile = only(/^__wasm_split\..*\.js$/);
/** island loader -> file stems it loads */
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));

// --- which chunk goes where ---------------------------------------------
const islandsOf = new Map(); // chunk stem -> Set of islands
for (const [loader, stems] of Object.entries(manifest)) {
  const island = loader.replace(/_loader_\d+$/, '');
  for (const stem of stems) {
    if (!stem.startsWith('chunk_')) continue;
    if (!islandsOf.has(stem)) islandsOf.set(stem, new Set());
    islandsOf.get(stem).add(island);
  }
}
const size = (stem) => fs.statSync(path.join(dir, `${stem}.wasm`)).size;
const isStaff = (island) => STAFF_ISLANDS.includes(island);
const tiny = [...islandsOf.keys()].filter((s) => size(s) < LIMIT);
const into = new Map(); // tiny stem -> target stem
for (const t of tiny) {
  const mine = islandsOf.get(t);
  const residents = [...mine].some((i) => !isStaff(i));
  let best;
  for (const [x, theirs] of islandsOf) {
    if (x === t || tiny.includes(x)) continue;
    if (![...mine].every((i) => theirs.has(i))) continue;
    const extra = [...theirs].filter((i) => !mine.has(i));
    if (!residents && extra.some((i) => !isStaff(i))) continue;
    const score = [extra.length, -size(x)];
    if (!best || score[0] < best.score[0] || (score[0] === best.score[0] && score[1] < best.score[1])) {
      best = { x, score };
    }
  }
  if (best) into.set(t, best.x);
}
if (into.size === 0) {
  console.log(`merge-chunks: nothing to merge (no chunk under ${LIMIT} bytes has a chunk to go into; a second run finds none)`);
  process.exit(0);
}

// --- the merge ------------------------------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'merge-chunks-'));
const run = (tool, args) => execFileSync(tool, [...FEATURES, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
const read = (stem) => fs.readFileSync(path.join(dir, `${stem}.wasm`));
const SHARED = '__wasm_split';
/** The `base` module: imports what the chunks (stem -> bytes) import from `__wasm_split`, once, and re-exports it. */
function base(chunks) {
  const shared = new Map();
  for (const [stem, buf] of chunks) {
    if (sections(buf).some((s) => s.id === EXPORT)) throw new Error(`${stem} has exports; merging would mix them`);
    for (const i of imports(buf).filter((x) => x.module === SHARED)) {
      const seen = shared.get(i.field);
      if (seen && !(seen.kind === i.kind && seen.desc.equals(i.desc))) {
        throw new Error(`${stem} imports ${i.field} unlike another chunk`);
      }
      shared.set(i.field, i);
    }
  }
  const list = [...shared.values()];
  // Each kind (memory, table, global) is imported once: its index is 0.
  if (new Set(list.map((i) => i.kind)).size !== list.length) throw new Error('two shared imports of one kind');
  return Buffer.concat([
    HEADER,
    section(IMPORT, list.map(importEntry)),
    section(EXPORT, list.map((i) => exportEntry(i.field, i.kind, 0))),
  ]);
}

const groups = new Map(); // target -> tiny stems
for (const [t, x] of into) groups.set(x, [...(groups.get(x) ?? []), t]);
let before = 0;
let after = 0;
for (const [x, ts] of groups) {
  const chunks = new Map([x, ...ts].map((s) => [s, read(s)]));
  fs.writeFileSync(path.join(tmp, 'base.wasm'), base(chunks));
  const args = [path.join(tmp, 'base.wasm'), 'base'];
  for (const [s, buf] of chunks) {
    before += buf.length;
    const rebased = mapImports(buf, (i) => (i.module === SHARED ? { ...i, module: 'base' } : i));
    fs.writeFileSync(path.join(tmp, `${s}.wasm`), rebased);
    args.push(path.join(tmp, `${s}.wasm`), s);
  }
  const merged = path.join(tmp, 'merged.wasm');
  run('wasm-merge', [...args, '-o', merged]);
  // `base`'s re-exports are for the merge only: the loader reads no export.
  fs.writeFileSync(merged, replaceSection(fs.readFileSync(merged), EXPORT));
  run('wasm-opt', ['-Oz', '--strip-debug', '--strip-producers', merged, '-o', merged]);
  const out = fs.readFileSync(merged);
  after += out.length;
  writeWithCopies(path.join(dir, `${x}.wasm`), out);
  for (const t of ts) {
    for (const ext of ['', '.br', '.gz']) fs.rmSync(path.join(dir, `${t}.wasm${ext}`), { force: true });
  }
}
fs.rmSync(tmp, { recursive: true });

// --- the loader and the manifest -----------------------------------------
const ident = (stem) => `__chunk_${stem.match(/^chunk_(\d+)\./)[1]}`;
let js = fs.readFileSync(loaderFile, 'utf8');
for (const [t, x] of into) {
  const definition = new RegExp(`(?:/\\*[^*]*\\*/\\n)?const ${ident(t)} = makeLoad\\(\\(\\) => \\{[^}]*\\}\\n, \\[\\]\\);\\n`);
  if (!definition.test(js)) throw new Error(`merge-chunks: no loader for ${t} in ${path.basename(loaderFile)}`);
  js = js.replace(definition, '');
  js = js.replaceAll(new RegExp(`\\b${ident(t)}\\b`, 'g'), ident(x));
}
// A list that named both now names the merged chunk twice.
js = js.replace(/, \[(__chunk_\d+(?:, __chunk_\d+)*)\]\)/g, (_, list) => `, [${[...new Set(list.split(', '))].join(', ')}])`);
for (const t of into.keys()) {
  if (js.includes(t)) throw new Error(`merge-chunks: the loader still names ${t}`);
}
writeWithCopies(loaderFile, Buffer.from(js, 'utf8'));
for (const loader of Object.keys(manifest)) {
  manifest[loader] = [...new Set(manifest[loader].map((s) => into.get(s) ?? s))];
}
writeWithCopies(manifestFile, Buffer.from(JSON.stringify(manifest), 'utf8'));
// Every file the loader or the manifest names is there, and none merged away is.
const named = [...js.matchAll(/new URL\("\.\/([^"]+)"/g)].map((m) => m[1])
  .concat(Object.values(manifest).flat().map((s) => `${s}.wasm`));
for (const file of named) {
  if (!fs.existsSync(path.join(dir, file))) throw new Error(`merge-chunks: ${file} is named but missing`);
}
console.log(`merge-chunks: ${into.size} chunks under ${LIMIT} bytes merged into ${groups.size}; those files ${before} -> ${after} bytes`);
