import { PassThrough, pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import * as zlib from 'node:zlib';
import { bytesText } from './limits.js';
import { type ByteSource, readAt as readSource, sourceSize, streamOf } from './source.js';

// An .xlsx is a zip archive. Its parts are found through the archive's central directory (at the
// end of the file), which lists every part with its place and size, so a part can be read when it
// is needed, in the order it is needed, whatever order the writer stored them in. Reading the
// archive front to back instead (as exceljs's stream reader does) depends on the writer's order
// and, with unzipper 0.10, loses the last parts at random (exceljs issue #3064).

/** One part of the archive, as its central directory lists it. */
export interface ZipPart {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc: number;
  flags: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** Why an archive cannot be read: not a zip at all, one cut short, damaged, or one this reader does not handle. */
export class ZipError extends Error {
  constructor(
    readonly kind: 'not-zip' | 'cut-short' | 'damaged' | 'unsupported' | 'limit',
    message: string,
  ) {
    super(message);
  }
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const MAX_TAIL = 22 + 0xffff;

function readAt(src: ByteSource, position: number, length: number): Buffer {
  const buf = readSource(src, position, length);
  if (buf.length < length) throw new ZipError('cut-short', 'the file ends inside the zip archive');
  return buf;
}

/** Where the central directory is and how many parts it lists, from the end record (ZIP64 too). */
function findDirectory(src: ByteSource, fileSize: number): { offset: number; size: number; count: number } {
  const tailLength = Math.min(fileSize, MAX_TAIL);
  const tail = readAt(src, fileSize - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === END_OF_DIRECTORY) {
      at = i;
      break;
    }
  }
  if (at < 0) {
    // A file that starts like a zip but has no end record was cut short (a partial download or copy).
    const head = tail.length >= 4 && fileSize === tailLength ? tail : readAt(src, 0, Math.min(4, fileSize));
    if (head.length >= 4 && head.readUInt32LE(0) === LOCAL_HEADER) throw new ZipError('cut-short', 'the zip archive has no end record');
    throw new ZipError('not-zip', 'invalid signature: not a zip archive');
  }
  let count = tail.readUInt16LE(at + 10);
  let size = tail.readUInt32LE(at + 12);
  let offset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locatorAt = fileSize - tailLength + at - 20;
    if (locatorAt < 0) throw new ZipError('cut-short', 'the ZIP64 end record is missing');
    const locator = readAt(src, locatorAt, 20);
    if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipError('cut-short', 'the ZIP64 end record is missing');
    const endAt = Number(locator.readBigUInt64LE(8));
    const end = readAt(src, endAt, 56);
    if (end.readUInt32LE(0) !== ZIP64_END) throw new ZipError('cut-short', 'the ZIP64 end record is damaged');
    count = Number(end.readBigUInt64LE(32));
    size = Number(end.readBigUInt64LE(40));
    offset = Number(end.readBigUInt64LE(48));
  }
  if (offset + size > fileSize) throw new ZipError('cut-short', 'the zip directory lies past the end of the file');
  return { offset, size, count };
}

/** The sizes and offset a ZIP64 extra field holds in place of those written as 0xFFFFFFFF. */
function zip64Values(extra: Buffer, part: ZipPart): void {
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(i);
    const length = extra.readUInt16LE(i + 2);
    if (id === 0x0001) {
      let at = i + 4;
      const next = () => {
        if (at + 8 > i + 4 + length) throw new ZipError('cut-short', 'a ZIP64 extra field is too short');
        const v = Number(extra.readBigUInt64LE(at));
        at += 8;
        return v;
      };
      if (part.size === 0xffffffff) part.size = next();
      if (part.compressedSize === 0xffffffff) part.compressedSize = next();
      if (part.localHeaderOffset === 0xffffffff) part.localHeaderOffset = next();
      return;
    }
    i += 4 + length;
  }
}

/** The parts of the zip archive in `src`, by name. */
export function readZipDirectory(src: ByteSource): Map<string, ZipPart> {
  const fileSize = sourceSize(src);
  const dir = findDirectory(src, fileSize);
  const buf = readAt(src, dir.offset, dir.size);
  const parts = new Map<string, ZipPart>();
  let at = 0;
  for (let n = 0; n < dir.count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL_HEADER) throw new ZipError('cut-short', 'the zip directory is damaged');
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > buf.length) throw new ZipError('cut-short', 'the zip directory is damaged');
    const part: ZipPart = {
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
      flags: buf.readUInt16LE(at + 8),
      method: buf.readUInt16LE(at + 10),
      crc: buf.readUInt32LE(at + 16),
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      localHeaderOffset: buf.readUInt32LE(at + 42),
    };
    zip64Values(buf.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), part);
    // Part names are case-insensitive in an Office package (ECMA-376 part 2, 9.1.1.4).
    parts.set(part.name.replace(/^\//, '').toLowerCase(), part);
    at = end;
  }
  return parts;
}

/**
 * The bytes of one part, inflated, as a stream; `onBytes` hears how many stored bytes are read.
 * Every error (the file unreadable, the data damaged) is delivered to whoever reads the stream;
 * none is left unhandled. A part that declares more than `limit` bytes is refused before it is
 * read, and one that inflates to more than it declares is stopped as soon as it does (a zip bomb
 * is refused by the sizes it declares and by counting what it inflates).
 */
export function openZipPart(src: ByteSource, part: ZipPart, limit: number, onBytes?: (n: number) => void): Readable {
  if (part.size > limit) throw new ZipError('limit', `the part ${part.name} inflates to ${part.size.toLocaleString('en')} bytes, more than ${bytesText(limit)} (the limit)`);
  if (part.flags & 0x1) throw new ZipError('unsupported', `the part ${part.name} is encrypted`);
  if (part.method !== 0 && part.method !== 8) throw new ZipError('unsupported', `the part ${part.name} is compressed with method ${part.method}, which is not read`);
  const header = readAt(src, part.localHeaderOffset, 30);
  if (header.readUInt32LE(0) !== LOCAL_HEADER) throw new ZipError('cut-short', `the part ${part.name} is not where the zip directory says`);
  const start = part.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (part.compressedSize === 0) return Readable.from([]);
  const raw = streamOf(src, start, start + part.compressedSize - 1);
  if (onBytes) raw.on('data', (chunk) => onBytes(chunk.length));
  // 64 KiB pieces, as a file is read in: zlib's default 16 KiB makes four times the trips through
  // the XML parser for the same sheet.
  const bytes = part.method === 8 ? zlib.createInflateRaw({ chunkSize: 64 * 1024 }) : new PassThrough();
  const checked = new Checked(part);
  // pipeline passes an error of any of the streams on to the last one, where the reader sees it,
  // and closes the file when the reader stops early; its callback only keeps the error from being
  // reported twice.
  pipeline(raw, bytes, checked, () => {});
  return checked;
}

/** zlib.crc32 came with Node 20.15; on an older Node the length alone is checked. */
const crc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** Passes a part's bytes on, and fails at their end if their length or CRC-32 is not the directory's. */
class Checked extends Transform {
  private length = 0;
  private crc = 0;
  constructor(private readonly part: ZipPart) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.length += chunk.length;
    if (this.length > this.part.size) {
      done(new ZipError('damaged', `the part ${this.part.name} inflates to more than the ${this.part.size.toLocaleString('en')} bytes the zip directory says`));
      return;
    }
    if (crc32) this.crc = crc32(chunk, this.crc);
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    const { name, size, crc } = this.part;
    if (this.length !== size) done(new ZipError(this.length < size ? 'cut-short' : 'damaged', `the part ${name} has ${this.length} bytes where the zip directory says ${size}`));
    else if (crc32 && this.crc >>> 0 !== crc) done(new ZipError('damaged', `the part ${name} is damaged: its checksum does not match`));
    else done();
  }
}
