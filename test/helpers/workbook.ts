import { type Part, zip } from './zip.js';

// A workbook written by hand, part by part: the forms of cells no writer we use makes (t="d",
// rich text with phonetic guides, formulas with typed cached results, t="n" holding text), cut
// or damaged where a test says. `rows` are the inner XML of <sheetData>.

export interface HandBook {
  rows: string;
  /** <si> items of the shared-string table (none: no table). */
  shared?: string[];
  /** The <sst> start tag's attributes (default: count and uniqueCount of `shared`). */
  sstAttributes?: string;
  /** The number formats (numFmtId) of the cell formats, in order: a cell's s="i" takes the i-th. */
  formats?: number[];
  /** Custom number formats by id. */
  numFmts?: Record<number, string>;
  date1904?: boolean;
  /** Changes to the sheet's XML text once written (cut it, damage it). */
  sheetXml?: (xml: string) => string;
  /** Changes to the parts before they are zipped. */
  parts?: (parts: Part[]) => Part[];
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function sheetXml(rows: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>`;
}

export function handBook(b: HandBook): Buffer {
  const shared = b.shared;
  const formats = b.formats ?? [0];
  const numFmts = Object.entries(b.numFmts ?? {});
  const parts: Part[] = [
    {
      name: '[Content_Types].xml',
      bytes: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
    },
    { name: '_rels/.rels', bytes: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    {
      name: 'xl/workbook.xml',
      bytes: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}>${b.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets><sheet name="项目" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      bytes: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>${shared ? `<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
      ),
    },
    {
      name: 'xl/styles.xml',
      bytes: Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${numFmts.length ? `<numFmts count="${numFmts.length}">${numFmts.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code.replaceAll('"', '&quot;')}"/>`).join('')}</numFmts>` : ''}<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="${formats.length}">${formats.map((f) => `<xf numFmtId="${f}" xfId="0"${f ? ' applyNumberFormat="1"' : ''}/>`).join('')}</cellXfs></styleSheet>`,
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', bytes: Buffer.from((b.sheetXml ?? ((x) => x))(sheetXml(b.rows))) },
  ];
  if (shared) {
    const attrs = b.sstAttributes ?? `count="${shared.length}" uniqueCount="${shared.length}"`;
    parts.push({ name: 'xl/sharedStrings.xml', bytes: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ${attrs}>${shared.join('')}</sst>`) });
  }
  return zip(b.parts ? b.parts(parts) : parts);
}

/** Escapes text for XML. */
export const xmlText = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
