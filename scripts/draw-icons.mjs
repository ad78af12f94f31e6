// Draws the extension's icons (public/icon/{16,32,48,128}.png) without any image tool: a rounded
// square in Immich's blue with a white medical cross, anti-aliased by 4×4 supersampling.
// Run it again after changing the design: node scripts/draw-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

function coverage(size, x, y) {
  // Shapes in a 0..1 square: the rounded tile, and the cross cut out of it.
  const u = x / size;
  const v = y / size;
  const radius = 0.22;
  const dx = Math.max(radius - u, u - (1 - radius), 0);
  const dy = Math.max(radius - v, v - (1 - radius), 0);
  const inTile = dx * dx + dy * dy <= radius * radius;
  const arm = 0.13;
  const inCross = (Math.abs(u - 0.5) < arm && Math.abs(v - 0.5) < 0.32) || (Math.abs(v - 0.5) < arm && Math.abs(u - 0.5) < 0.32);
  return { inTile, inCross };
}

function png(size) {
  const rows = [];
  for (let y = 0; y < size; y += 1) {
    const row = [0];
    for (let x = 0; x < size; x += 1) {
      let tile = 0;
      let cross = 0;
      for (let sy = 0; sy < 4; sy += 1) {
        for (let sx = 0; sx < 4; sx += 1) {
          const { inTile, inCross } = coverage(size, x + (sx + 0.5) / 4, y + (sy + 0.5) / 4);
          if (inTile) tile += 1;
          if (inTile && inCross) cross += 1;
        }
      }
      const alpha = tile / 16;
      const white = tile ? cross / tile : 0;
      const [r, g, b] = [66, 80, 175].map((channel) => Math.round(channel + (255 - channel) * white));
      row.push(r, g, b, Math.round(alpha * 255));
    }
    rows.push(Buffer.from(row));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

for (const size of [16, 32, 48, 128]) writeFileSync(new URL(`../public/icon/${size}.png`, import.meta.url), png(size));
