// Draws the home-screen icons (public/icons/*.png) from the logo
// (public/favicon.svg) with Debian's Chromium through Playwright. Run once
// when the logo changes; the PNGs are committed:
//   cd end2end && node make-icons.mjs
import { chromium } from '@playwright/test';
import { readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const logo = readFileSync(join(root, 'public/favicon.svg'), 'utf8');
const out = join(root, 'public/icons');
mkdirSync(out, { recursive: true });

// "any": the logo itself; "maskable": the logo's glyph inside the safe zone
// (the middle 80 %) on a full-bleed background, which launchers crop.
const glyph = logo.replace(/<rect[^>]*\/>/, '');
const maskable = (size) =>
  `<div style="width:${size}px;height:${size}px;background:#0b4f8a;display:grid;place-items:center">` +
  glyph.replace('<svg ', `<svg width="${Math.round(size * 0.7)}" height="${Math.round(size * 0.7)}" `) +
  '</div>';
const plain = (size) => logo.replace('<svg ', `<svg width="${size}" height="${size}" `);

const icons = [
  ['icon-192.png', 192, plain],
  ['icon-512.png', 512, plain],
  ['maskable-512.png', 512, maskable],
  ['apple-touch-icon.png', 180, maskable],
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' });
const page = await browser.newPage();
for (const [name, size, draw] of icons) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<body style="margin:0">${draw(size)}</body>`);
  await page.screenshot({ path: join(out, name), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  console.log(`${name} ${size}x${size}`);
}
await browser.close();
