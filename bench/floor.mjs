// The I/O floor: the same reading (encoding detection, decoder, the CSV reader in chunks) and the
// same CSV writing as `subsidy batch`, with no evaluation: each input row is written back as it came.
import { createWriteStream, openSync, readSync } from 'node:fs';
import { csvLine, textCell } from '../dist/batch/output.js';
import { CsvParser } from '../dist/sheets/csv.js';
import { decoder, sniffEncoding } from '../dist/sheets/decode.js';
import { MAX_CSV_HEADER, MAX_CSV_ROW } from '../dist/sheets/limits.js';
import { streamOf } from '../dist/sheets/source.js';

const [file, outFile] = process.argv.slice(2);
const head = Buffer.alloc(65536);
const { encoding } = sniffEncoding(head.subarray(0, readSync(openSync(file, 'r'), head, 0, head.length, 0)));
const text = streamOf({ file }).pipe(decoder(encoding, true));
text.setEncoding('utf8');
const out = createWriteStream(outFile);
const parser = new CsvParser(',', { header: MAX_CSV_HEADER, row: MAX_CSV_ROW });
let rows = 0;

/** Written as the batch writes: in pieces of about 16 KB, waiting at the chunk's end if told to. */
async function write(records) {
  let buf = '';
  let full = false;
  for (const { cells } of records) {
    rows++;
    buf += csvLine(cells.map((c) => textCell(c)));
    if (buf.length >= 16 * 1024) {
      if (!out.write(buf)) full = true;
      buf = '';
    }
  }
  if (buf && !out.write(buf)) full = true;
  if (full && out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
}

for await (const chunk of text) {
  parser.write(chunk);
  await write(parser.take());
}
parser.end();
await write(parser.take());
out.end(() => process.stderr.write(`${rows} rows\n`));
