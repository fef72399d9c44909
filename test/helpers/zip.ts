import { deflateRawSync } from 'node:zlib';

// A zip archive written byte by byte, for workbooks whose parts, order and records a test chooses.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface Part {
  name: string;
  bytes: Buffer;
  /** Stored instead of deflated. */
  stored?: boolean;
  /** Deflated bytes to write in place of the real ones (damaged data). */
  raw?: Buffer;
  /** The inflated size the zip declares, in place of the real one (a zip bomb's lie). */
  declaredSize?: number;
}

/**
 * A zip of the parts in the order given; with zip64, every size and offset is in ZIP64 records;
 * with descriptors, the local headers leave sizes and CRC at 0 and a descriptor follows the data
 * (as Java's and other streaming zip writers store them).
 */
export function zip(parts: Part[], { zip64 = false, descriptors = false } = {}): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const data = p.raw ?? (p.stored ? p.bytes : deflateRawSync(p.bytes));
    const method = p.stored ? 0 : 8;
    const flags = descriptors ? 0x0808 : 0x0800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    if (!descriptors) {
      local.writeUInt32LE(crc32(p.bytes), 14);
      local.writeUInt32LE(data.length, 18);
      local.writeUInt32LE(p.declaredSize ?? p.bytes.length, 22);
    }
    local.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(descriptors ? 16 : 0);
    if (descriptors) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc32(p.bytes), 4);
      descriptor.writeUInt32LE(data.length, 8);
      descriptor.writeUInt32LE(p.declaredSize ?? p.bytes.length, 12);
    }
    const extra = Buffer.alloc(zip64 ? 28 : 0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(p.declaredSize ?? p.bytes.length), 4);
      extra.writeBigUInt64LE(BigInt(data.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const head = Buffer.alloc(46);
    head.writeUInt32LE(0x02014b50, 0);
    head.writeUInt16LE(45, 4);
    head.writeUInt16LE(45, 6);
    head.writeUInt16LE(flags, 8);
    head.writeUInt16LE(method, 10);
    head.writeUInt32LE(crc32(p.bytes), 16);
    head.writeUInt32LE(zip64 ? 0xffffffff : data.length, 20);
    head.writeUInt32LE(zip64 ? 0xffffffff : p.declaredSize ?? p.bytes.length, 24);
    head.writeUInt16LE(name.length, 28);
    head.writeUInt16LE(extra.length, 30);
    head.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    central.push(head, name, extra);
    chunks.push(local, name, data, descriptor);
    offset += local.length + name.length + data.length + descriptor.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : parts.length, 8);
  end.writeUInt16LE(zip64 ? 0xffff : parts.length, 10);
  end.writeUInt32LE(zip64 ? 0xffffffff : directory.length, 12);
  end.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  if (!zip64) return Buffer.concat([...chunks, directory, end]);
  const end64 = Buffer.alloc(56);
  end64.writeUInt32LE(0x06064b50, 0);
  end64.writeBigUInt64LE(44n, 4);
  end64.writeUInt16LE(45, 12);
  end64.writeUInt16LE(45, 14);
  end64.writeBigUInt64LE(BigInt(parts.length), 24);
  end64.writeBigUInt64LE(BigInt(parts.length), 32);
  end64.writeBigUInt64LE(BigInt(directory.length), 40);
  end64.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([...chunks, directory, end64, locator, end]);
}
