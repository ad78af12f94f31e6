import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Packs an unpacked add-on folder into an XPI (a plain zip, manifest.json at its root) at `xpiPath`.
 * Firefox installs only an archive permanently (`webExtension.install` refuses `moz:permanent` for a
 * folder); writing the few zip records here spares the tests a system `zip` and a dependency.
 */
export function packXpi(folder: string, xpiPath: string): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of filesUnder(folder)) {
    const name = Buffer.from(relative(folder, file).split(sep).join('/'), 'utf8');
    const data = readFileSync(file);
    const packed = deflateRawSync(data);
    // The fields both records share: version needed (2.0), flags (bit 11: the name is UTF-8), deflate,
    // a fixed DOS time and date (1980-01-01: the archive's bytes depend on the files only), CRC, sizes.
    const common = Buffer.alloc(26);
    common.writeUInt16LE(20, 0);
    common.writeUInt16LE(0x0800, 2);
    common.writeUInt16LE(8, 4);
    common.writeUInt16LE(0, 6);
    common.writeUInt16LE((0 << 9) | (1 << 5) | 1, 8);
    common.writeUInt32LE(crc32(data), 10);
    common.writeUInt32LE(packed.length, 14);
    common.writeUInt32LE(data.length, 18);
    common.writeUInt16LE(name.length, 22);
    common.writeUInt16LE(0, 24); // no extra field
    const local = Buffer.concat([signature(0x04034b50), common, name, packed]);
    const central = Buffer.alloc(20);
    central.writeUInt16LE(0, 0); // comment length
    central.writeUInt16LE(0, 2); // disk number
    central.writeUInt16LE(0, 4); // internal attributes
    central.writeUInt32LE(0, 6); // external attributes
    central.writeUInt32LE(offset, 10);
    // Central record: signature, "version made by" (2.0), then the shared fields, then its own.
    centrals.push(Buffer.concat([signature(0x02014b50), Buffer.from([20, 0]), common, central.subarray(0, 14), name]));
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(18);
  end.writeUInt16LE(0, 0); // this disk
  end.writeUInt16LE(0, 2); // disk with the directory
  end.writeUInt16LE(centrals.length, 4);
  end.writeUInt16LE(centrals.length, 6);
  end.writeUInt32LE(directory.length, 8);
  end.writeUInt32LE(offset, 12);
  end.writeUInt16LE(0, 16); // comment length
  writeFileSync(xpiPath, Buffer.concat([...locals, directory, signature(0x06054b50), end]));
}

function signature(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value, 0);
  return buffer;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
