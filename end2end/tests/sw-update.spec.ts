// The service worker across two builds: a phone that kept the first build
// gets the second one's worker, whose cache replaces the first (old hashed
// /pkg files do not pile up on the phone). The "second build" is the same
// binary beside a changed hash file with the assets renamed to match —
// exactly what a new `cargo leptos build` changes. Served on its own port,
// one build after the other, as a deploy would.
import { expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NOW, SW_UPDATE_PORT } from '../playwright.config';
import { test, hydrated } from './support';

const PORT = SW_UPDATE_PORT;
const BASE = `http://127.0.0.1:${PORT}`;
const ROOT = path.resolve(__dirname, '../..');
const TARGET = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');

function start(binary: string, siteRoot: string): ChildProcess {
  return spawn('bash', [path.join(ROOT, 'scripts/e2e-server.sh'), String(PORT), NOW], {
    env: { ...process.env, PORO_BINARY: binary, LEPTOS_SITE_ROOT: siteRoot },
    detached: true,
    stdio: 'ignore',
  });
}

async function up(): Promise<boolean> {
  try {
    return (await fetch(`${BASE}/healthz`)).ok;
  } catch {
    return false;
  }
}

async function waitFor(want: boolean) {
  for (let i = 0; i < 300; i++) {
    if ((await up()) === want) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server on ${PORT} did not ${want ? 'start' : 'stop'}`);
}

async function stop(server: ChildProcess) {
  try {
    process.kill(-server.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
  await waitFor(false);
}

/** The same binary with a new hash file, and the site with assets renamed to match. */
function secondBuild(): { dir: string; binary: string; site: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'poro-build2-'));
  const binary = path.join(dir, 'porozmawiajmy');
  fs.copyFileSync(path.join(TARGET, 'release/porozmawiajmy'), binary);
  fs.chmodSync(binary, 0o755);
  const site = path.join(dir, 'site');
  fs.cpSync(path.join(ROOT, 'target/site'), site, { recursive: true });
  // Every hash a build puts in its file names (hash.txt's and the split
  // chunks') changes; the same length keeps the wasm binaries valid.
  const pkg = path.join(site, 'pkg');
  const next = (hash: string) => `${hash.slice(1)}${hash[0] === 'a' ? 'b' : 'a'}`;
  const hashTxt = fs.readFileSync(path.join(TARGET, 'release/hash.txt'), 'utf8');
  const olds = new Set<string>();
  for (const m of hashTxt.matchAll(/^\w+:\s*([0-9A-Za-z_-]+)\s*$/gm)) olds.add(m[1]);
  for (const name of fs.readdirSync(pkg)) {
    const m = /\.([0-9A-Za-z_-]{22})\./.exec(name);
    if (m) olds.add(m[1]);
  }
  const renames = [...olds].map((hash) => [hash, next(hash)] as [string, string]);
  expect(renames.length).toBeGreaterThan(3);
  fs.writeFileSync(
    path.join(dir, 'hash.txt'),
    renames.reduce((t, [from, to]) => t.split(from).join(to), hashTxt),
  );
  // A build's files name each other (the main wasm imports the split
  // loader, the loader imports the main script and fetches the chunks, the
  // manifest lists them): the new names go inside them too, and a
  // rewritten file's stale .br/.gz go.
  const replaceAll = (buf: Buffer, from: string, to: string) => {
    const [a, b] = [Buffer.from(from), Buffer.from(to)];
    let changed = false;
    for (let at = buf.indexOf(a); at >= 0; at = buf.indexOf(a, at + b.length)) {
      b.copy(buf, at);
      changed = true;
    }
    return changed;
  };
  for (const name of fs.readdirSync(pkg)) {
    if (/\.(br|gz)$/.test(name)) continue;
    const file = path.join(pkg, name);
    const buf = fs.readFileSync(file);
    const changed = renames.map(([from, to]) => replaceAll(buf, from, to)).some(Boolean);
    if (!changed) continue;
    fs.writeFileSync(file, buf);
    for (const ext of ['.br', '.gz']) fs.rmSync(file + ext, { force: true });
  }
  for (const name of fs.readdirSync(pkg)) {
    for (const [from, to] of renames) {
      if (name.includes(from)) fs.renameSync(path.join(pkg, name), path.join(pkg, name.replace(from, to)));
    }
  }
  return { dir, binary, site };
}

async function cached(page: Page) {
  return page.evaluate(async () => {
    const names = await caches.keys();
    const pkg: string[] = [];
    for (const name of names) {
      for (const req of await (await caches.open(name)).keys()) {
        const p = new URL(req.url).pathname;
        if (p.startsWith('/pkg/')) pkg.push(p);
      }
    }
    return { names, pkg: pkg.sort() };
  });
}

test('a new build replaces the service worker and the files it kept', async ({ page }, info) => {
  test.skip(!hydrated(info), 'the service worker is registered by the page script');
  test.setTimeout(120_000);
  const first = start(path.join(TARGET, 'release/porozmawiajmy'), path.join(ROOT, 'target/site'));
  let second: ChildProcess | undefined;
  let copy: string | undefined;
  try {
    await waitFor(true);
    await page.goto(`${BASE}/ankieta`);
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const before = await cached(page);
    expect(before.names).toHaveLength(1);
    expect(before.pkg.some((p) => p.endsWith('.wasm'))).toBe(true);

    await stop(first);
    const build = secondBuild();
    copy = build.dir;
    second = start(build.binary, build.site);
    await waitFor(true);
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())!.update();
    });
    // Installed, then activated: one cache, the new build's.
    await expect
      .poll(async () => (await cached(page)).names, { timeout: 30_000 })
      .toEqual([expect.not.stringMatching(`^${before.names[0]}$`)]);
    const after = await cached(page);
    expect(after.pkg.some((p) => p.endsWith('.wasm'))).toBe(true);
    for (const old of before.pkg) expect(after.pkg).not.toContain(old);

    // The page of the new build hydrates with the new files.
    await page.reload();
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await expect(page.getByLabel('Twoja dzielnica')).toBeVisible();
  } finally {
    if (second) await stop(second);
    else await stop(first);
    // The copy is a whole build (over 100 MB): runs must not pile them up.
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  }
});
