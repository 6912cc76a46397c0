#!/usr/bin/env node
// Renders resources/build/icon.svg into the packaging icons electron-builder
// reads from resources/build: icon.png (1024), icons/NxN.png (Linux),
// icon.ico (Windows: PNG-compressed entries, Vista and later) and icon.icns
// (macOS: PNG entries ic07–ic10, 10.7 and later). Run it after editing the
// SVG and commit the results; packaging never renders anything.
// Chromium draws the SVG (the same browser the e2e tests use), so no image
// library is needed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = fileURLToPath(new URL('../resources/build/', import.meta.url));
const svg = readFileSync(join(dir, 'icon.svg'), 'utf8');
const LINUX = [16, 32, 48, 64, 128, 256, 512];
const ICO = [16, 24, 32, 48, 64, 128, 256];
const ICNS = { ic07: 128, ic08: 256, ic09: 512, ic10: 1024 };

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
const pngs = new Map();
for (const size of new Set([...LINUX, ...ICO, ...Object.values(ICNS), 1024])) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`,
  );
  pngs.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
}
await browser.close();

writeFileSync(join(dir, 'icon.png'), pngs.get(1024));
mkdirSync(join(dir, 'icons'), { recursive: true });
for (const size of LINUX) writeFileSync(join(dir, 'icons', `${size}x${size}.png`), pngs.get(size));

// ICO: ICONDIR (6 bytes), one 16-byte ICONDIRENTRY per image, then the PNGs.
const header = Buffer.alloc(6 + 16 * ICO.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(ICO.length, 4);
let offset = header.length;
ICO.forEach((size, i) => {
  const at = 6 + 16 * i;
  header.writeUInt8(size >= 256 ? 0 : size, at); // 0 means 256
  header.writeUInt8(size >= 256 ? 0 : size, at + 1);
  header.writeUInt16LE(1, at + 4); // colour planes
  header.writeUInt16LE(32, at + 6); // bits per pixel
  header.writeUInt32LE(pngs.get(size).length, at + 8);
  header.writeUInt32LE(offset, at + 12);
  offset += pngs.get(size).length;
});
writeFileSync(join(dir, 'icon.ico'), Buffer.concat([header, ...ICO.map((s) => pngs.get(s))]));

// ICNS: 'icns' + total length, then (type, length incl. 8-byte header, PNG) chunks.
const chunks = Object.entries(ICNS).map(([type, size]) => {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'ascii');
  head.writeUInt32BE(8 + pngs.get(size).length, 4);
  return Buffer.concat([head, pngs.get(size)]);
});
const icnsHead = Buffer.alloc(8);
icnsHead.write('icns', 0, 'ascii');
icnsHead.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
writeFileSync(join(dir, 'icon.icns'), Buffer.concat([icnsHead, ...chunks]));
console.log(`icons written to ${dir}`);
