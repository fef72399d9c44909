import { Transform, type TransformCallback } from 'node:stream';
import iconv from 'iconv-lite';

// Chinese Excel saves "CSV" as GBK (GB18030) unless told "CSV UTF-8", which it saves with a BOM.
// We detect which from the first bytes, decode with a well-kept decoder (TextDecoder for UTF-8,
// iconv-lite for the rest), and report invalid UTF-8 with its byte offset rather than guessing.

export type Encoding = string;

export { READ_CHUNK_BYTES } from './source.js';

/** Why a file cannot be read as CSV text: the CLI turns this into exit 2. */
export class UnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableError';
  }
}

/** The offset of the first byte that is not valid UTF-8, or -1; a sequence cut off by the end is valid when `partialEnd`. */
export function firstInvalidUtf8(bytes: Uint8Array, partialEnd: boolean): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return partialEnd ? -1 : i;
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Chooses the encoding from the first bytes of a file: a BOM decides; otherwise text that is valid
 * UTF-8 is UTF-8, and anything else is taken as GB18030 (a superset of GBK and GB2312).
 * Also recognises the files people pass by mistake (an .xlsx workbook, a binary file).
 */
export function sniffEncoding(head: Uint8Array): { encoding: Encoding; bom: boolean } {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new UnreadableError('is an Excel workbook (.xlsx) or another zip file, not CSV: name it .xlsx to read it as a workbook, or in Excel use Save As → "CSV UTF-8 (Comma delimited)"');
  }
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  const nul = head.indexOf(0);
  if (nul >= 0) throw new UnreadableError(`is not a text file (a zero byte at byte ${nul}): save the sheet as CSV`);
  return { encoding: firstInvalidUtf8(head, true) === -1 ? 'utf-8' : 'gb18030', bom: false };
}

/** The first bytes as text, for sniffing: a character cut off at the end is replaced, not an error. */
export function decodeHead(head: Uint8Array, encoding: Encoding): string {
  if (encoding === 'utf-8') return new TextDecoder().decode(head).replace(/^\uFEFF/, '');
  return iconv.decode(Buffer.from(head), encoding);
}

/** Normalises an --encoding value (utf8, GBK, gb-18030 …) or says which are accepted. */
export function checkEncoding(name: string): Encoding {
  const n = name.trim().toLowerCase();
  if (n === 'utf8' || n === 'utf-8' || n === 'utf-8-bom') return 'utf-8';
  if (!iconv.encodingExists(n)) throw new UnreadableError(`--encoding "${name}" is not an encoding we can read: use utf-8, gbk or gb18030`);
  return n;
}

/**
 * A stream that turns the file's bytes into text. UTF-8 is checked strictly: the first invalid
 * byte stops the run with its offset, since decoding it anyway would put mojibake into names.
 */
export function decoder(encoding: Encoding, stripBom: boolean): Transform {
  if (encoding !== 'utf-8') return strictDecoder(encoding);
  const td = new TextDecoder('utf-8', { fatal: true, ignoreBOM: !stripBom });
  let offset = 0;
  let carry: Uint8Array = new Uint8Array(0);
  return new Transform({
    readableObjectMode: false,
    decodeStrings: true,
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      try {
        const text = td.decode(chunk, { stream: true });
        carry = tailOf(carry, chunk);
        offset += chunk.length;
        done(null, text);
      } catch {
        // The bad sequence may have begun in the previous chunk; skip that chunk's trailing
        // continuation bytes, which belong to a character that decoded fine.
        let start = 0;
        while (start < carry.length && ((carry[start] as number) & 0xc0) === 0x80) start++;
        const joined = Buffer.concat([carry.subarray(start), chunk]);
        const at = firstInvalidUtf8(joined, false);
        const where = offset - carry.length + start + Math.max(at, 0);
        done(new UnreadableError(`is not valid UTF-8 at byte ${where}: save it as "CSV UTF-8", or give --encoding gbk if Excel saved it as GBK`));
      }
    },
    flush(done: TransformCallback) {
      try {
        done(null, td.decode());
      } catch {
        done(new UnreadableError(`is not valid UTF-8 at byte ${offset - carry.length + Math.max(firstInvalidUtf8(carry, false), 0)}: the file ends inside a character`));
      }
    },
  });
}

/** The last few bytes of a chunk: an invalid sequence may have started there. */
function tailOf(previous: Uint8Array, chunk: Buffer): Uint8Array {
  if (chunk.length >= 3) return chunk.subarray(chunk.length - 3);
  return Buffer.concat([previous, chunk]).subarray(-3);
}

/**
 * Text in another encoding (GB18030 when the bytes are not UTF-8, or the one given with
 * --encoding), decoded by iconv-lite, which puts U+FFFD in place of bytes the encoding has no
 * character for. Such text is refused at the first one, with where it is: a Latin-1 or Big5 file
 * read as GB18030 would otherwise put replacement characters into names with no word.
 */
function strictDecoder(encoding: Encoding): Transform {
  // iconv-lite strips a BOM itself by default.
  const conv = iconv.getDecoder(encoding);
  let offset = 0;
  return new Transform({
    decodeStrings: true,
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      const text = conv.write(chunk);
      const bad = text.indexOf('\uFFFD');
      if (bad >= 0) {
        done(notEncoded(encoding, offset + iconv.encode(text.slice(0, bad), encoding).length));
        return;
      }
      offset += chunk.length;
      done(null, text);
    },
    flush(done: TransformCallback) {
      const text = conv.end() ?? '';
      if (text.includes('\uFFFD')) done(notEncoded(encoding, offset));
      else done(null, text);
    },
  });
}

function notEncoded(encoding: Encoding, at: number): UnreadableError {
  const what = encoding === 'gb18030' ? 'neither UTF-8 nor GB18030 (GBK)' : `not ${encoding}`;
  return new UnreadableError(
    `is ${what}: the bytes near byte ${at} are no character of it, so it may be in another encoding (Latin-1, Big5 …): save it as "CSV UTF-8", or name its encoding with --encoding (latin1, big5 …)`,
  );
}

/** Refuses the first bytes of a file when they do not decode cleanly in the encoding chosen for it. */
export function checkHead(head: Uint8Array, encoding: Encoding): void {
  if (encoding === 'utf-8') return;
  const text = iconv.decode(Buffer.from(head), encoding);
  // A character cut off by the end of the head decodes as U+FFFD too: look only before it.
  const bad = text.slice(0, -2).indexOf('\uFFFD');
  if (bad >= 0) throw notEncoded(encoding, iconv.encode(text.slice(0, bad), encoding).length);
}
