// The I/O floor: the same reading (encoding detection, decoder, papaparse in chunks) and the same
// CSV writing as `subsidy batch`, with no evaluation: each input row is written back as it came.
import { createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import Papa from 'papaparse';
import { decoder, READ_CHUNK_BYTES, sniffEncoding } from '../dist/sheets/decode.js';
import { csvLine, textCell } from '../dist/batch/output.js';

const [file, outFile] = process.argv.slice(2);
const head = Buffer.alloc(65536);
readSync(openSync(file, 'r'), head, 0, head.length, 0);
const { encoding } = sniffEncoding(head);
const text = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES }).pipe(decoder(encoding, true));
const out = createWriteStream(outFile);
let rows = 0;
Papa.parse(text, {
  delimiter: ',',
  chunk(results, parser) {
    // Written as the batch writes: in pieces of about 16 KB, waiting at the chunk's end if told to.
    let buf = '';
    let full = false;
    for (const cells of results.data) {
      rows++;
      buf += csvLine(cells.map((c) => textCell(c)));
      if (buf.length >= 16 * 1024) {
        if (!out.write(buf)) full = true;
        buf = '';
      }
    }
    if (buf && !out.write(buf)) full = true;
    if (full && out.writableNeedDrain) {
      parser.pause();
      text.pause();
      out.once('drain', () => {
        text.resume();
        parser.resume();
      });
    }
  },
  complete() {
    out.end(() => process.stderr.write(`${rows} rows\n`));
  },
});
