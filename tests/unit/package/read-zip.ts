import { crc32, inflateRawSync } from 'node:zlib';

/**
 * The files of a ZIP archive, by path. Small and strict, for the packaging test only: reads the
 * central directory (PKWARE APPNOTE.TXT 6.3.10, §4.3.12) rather than scanning local headers, so an
 * archive whose local headers defer their sizes to a data descriptor (bit 3) reads correctly, and
 * checks each file's CRC-32. No ZIP64, no encryption: WXT's zips (@aklinker1/zero-zip) use neither.
 */
export function readZip(zip: Buffer): Map<string, Buffer> {
  // End of central directory record (§4.3.16): signature, then at +10 the entry count and at +16 the
  // central directory's offset. Searched from the end because an archive comment may follow it.
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a ZIP archive: no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue; // a folder entry
    // Local file header (§4.3.7): 30 fixed bytes, then its own name and extra field lengths.
    const start = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const stored = zip.subarray(start, start + compressedSize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(stored);
    else if (method === 8) data = inflateRawSync(stored);
    else throw new Error(`${name}: compression method ${method} not supported`);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`${name}: size or CRC-32 does not match`);
    files.set(name, data);
  }
  return files;
}
