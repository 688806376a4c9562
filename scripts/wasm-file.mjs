// Reading and rewriting a wasm file's sections, for the steps after the
// release build that edit the split build's files (short-imports.mjs,
// merge-chunks.mjs), and writing a changed file's brotli and gzip copies.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

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
/** The file's sections: id, where it starts, where its body starts and ends. */
export function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm file');
  const found = [];
  let at = 8;
  while (at < buf.length) {
    const id = buf[at];
    const [size, body] = leb(buf, at + 1);
    found.push({ id, start: at, body, end: body + size });
    at = body + size;
  }
  return found;
}
/** One section, encoded. */
export function section(id, entries) {
  const body = Buffer.concat([encodeLeb(entries.length), ...entries]);
  return Buffer.concat([Buffer.from([id]), encodeLeb(body.length), body]);
}
export const IMPORT = 2;
export const EXPORT = 7;
/** The file with the section `id` replaced by `replacement` (removed when empty). */
export function replaceSection(buf, id, replacement = Buffer.alloc(0)) {
  const s = sections(buf).find((x) => x.id === id);
  if (!s) return buf;
  return Buffer.concat([buf.subarray(0, s.start), replacement, buf.subarray(s.end)]);
}
/** The imports: module, field, kind and its description's bytes. */
export function imports(buf) {
  const s = sections(buf).find((x) => x.id === IMPORT);
  if (!s) return [];
  const list = [];
  let [count, at] = leb(buf, s.body);
  while (count--) {
    let module;
    let field;
    [module, at] = name(buf, at);
    [field, at] = name(buf, at);
    const kind = buf[at];
    const end = skipDesc(buf, kind, at + 1);
    list.push({ module, field, kind, desc: buf.subarray(at + 1, end) });
    at = end;
  }
  return list;
}
/** An import section entry. */
export function importEntry({ module, field, kind, desc }) {
  return Buffer.concat([encodeName(module), encodeName(field), Buffer.from([kind]), desc]);
}
/** An export section entry: `field` names the `index`th item of `kind`. */
export function exportEntry(field, kind, index) {
  return Buffer.concat([encodeName(field), Buffer.from([kind]), encodeLeb(index)]);
}
/** The file with its imports rewritten by `change` (import -> import). */
export function mapImports(buf, change) {
  const list = imports(buf);
  if (list.length === 0) return buf;
  return replaceSection(buf, IMPORT, section(IMPORT, list.map((i) => importEntry(change(i)))));
}
export const HEADER = Buffer.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

/** Writes `body` to `file`, and its brotli and gzip copies where the build made them. */
export function writeWithCopies(file, body) {
  fs.writeFileSync(file, body);
  if (fs.existsSync(`${file}.br`)) {
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(body, { params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    } }));
  }
  if (fs.existsSync(`${file}.gz`)) fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
}
