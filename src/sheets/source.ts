import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';

// Where a sheet's bytes come from: a file on disk (read piece by piece, never whole) or bytes
// already in memory (an upload the web workbench received, which is never written to disk).
// Both are read the same way from here on, so a CSV or a workbook reads the same from either.

export type ByteSource = { readonly file: string } | { readonly bytes: Uint8Array };

/**
 * How many bytes of the file are read, decoded and parsed at a time (the bench's I/O floor reads
 * the same way). A chunk's rows stay in memory until the last of them is written, so a small
 * chunk keeps them in the young generation of the JavaScript heap, where they cost nothing to
 * collect: with 256 KB chunks a batch outlived it and peaked about 90 MB higher.
 */
export const READ_CHUNK_BYTES = 64 * 1024;

/** The size of the source in bytes (a file's, as stat gives it). */
export function sourceSize(src: ByteSource): number {
  if ('bytes' in src) return src.bytes.length;
  const fd = openSync(src.file, 'r');
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

/** Up to `length` bytes from `position` (fewer at the end). */
export function readAt(src: ByteSource, position: number, length: number): Buffer {
  if ('bytes' in src) {
    const end = Math.min(src.bytes.length, position + length);
    return Buffer.from(src.bytes.buffer, src.bytes.byteOffset + Math.min(position, end), Math.max(0, end - position));
  }
  const buf = Buffer.alloc(length);
  const fd = openSync(src.file, 'r');
  try {
    let done = 0;
    while (done < length) {
      const n = readSync(fd, buf, done, length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done === length ? buf : buf.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

/** The bytes from `start` to `end` (inclusive; default: to the end) as a stream of chunks. */
export function streamOf(src: ByteSource, start = 0, end?: number): Readable {
  if ('file' in src) return createReadStream(src.file, { start, ...(end === undefined ? {} : { end }), highWaterMark: READ_CHUNK_BYTES });
  const { bytes } = src;
  const stop = Math.min(bytes.length, end === undefined ? bytes.length : end + 1);
  let at = start;
  // Handed out in pieces, as a file is, so that nothing downstream sees one huge chunk.
  return new Readable({
    read() {
      if (at >= stop) {
        this.push(null);
        return;
      }
      const next = Math.min(stop, at + READ_CHUNK_BYTES);
      this.push(Buffer.from(bytes.buffer, bytes.byteOffset + at, next - at));
      at = next;
    },
  });
}
