#!/usr/bin/env node
// Writes the add-in icons assets/icon-{16,32,64,80,128}.png: a red square with a white
// border and three white "report lines". Pure Node (zlib), no fonts, no network.
// Run `node scripts/make-icons.js` after changing the drawing; the PNGs are committed.
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const SIZES = [16, 32, 64, 80, 128];
const RED = [0xc8, 0x10, 0x2e];
const WHITE = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Colour of pixel (x, y) in an icon of the given size. */
function pixel(size, x, y) {
  const border = Math.max(1, Math.round(size / 16));
  if (x < border || y < border || x >= size - border || y >= size - border) return WHITE;
  // Three horizontal bars, the last one shorter, like lines of a report.
  const left = Math.round(size * 0.25);
  const bar = Math.max(1, Math.round(size / 10));
  const rows = [0.3, 0.47, 0.64].map((f) => Math.round(size * f));
  for (let i = 0; i < rows.length; i++) {
    const right = Math.round(size * (i === rows.length - 1 ? 0.58 : 0.75));
    if (y >= rows[i] && y < rows[i] + bar && x >= left && x < right) return WHITE;
  }
  return RED;
}

function png(size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour RGB
  const raw = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) Buffer.from(pixel(size, x, y)).copy(raw, row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const assets = path.join(__dirname, "..", "assets");
fs.mkdirSync(assets, { recursive: true });
for (const size of SIZES) {
  const file = path.join(assets, `icon-${size}.png`);
  fs.writeFileSync(file, png(size));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
