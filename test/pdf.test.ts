import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  evaluate, findBrowser, findOpportunities, formatRange, INSTALL_HINT, InputError, loadPolicy, openPrinter, parseCase, renderReportHtml, type ReportPrinter,
} from '../src/index.js';
import { ROOT } from './helpers/cli.js';

// The client report printed by a real Chromium (issue 14): the PDF has the pages, the total and
// the clause references; Chinese is drawn with a CJK font, not boxes; the screenshot is not
// blank. The PDFs and PNGs stay in test/output/ for a person to look at.
// In CI (CI set) a missing browser or poppler fails the run; on a workstation it skips, saying why.

const OUT = join(ROOT, 'test', 'output');
const CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const browser = findBrowser(process.env);
const poppler = spawnSync('pdftotext', ['-v']).error === undefined;
const missing = [browser ? '' : INSTALL_HINT, poppler ? '' : 'pdftotext not found: apt-get install poppler-utils'].filter(Boolean).join('; ');
if (missing && !CI) console.warn(`test/pdf.test.ts skipped: ${missing}`);

describe('finding a browser', () => {
  it('finds nothing on a PATH without one, and says CHROME_PATH is wrong when it is', () => {
    expect(findBrowser({ PATH: '/nonexistent' })).toBeUndefined();
    expect(() => findBrowser({ CHROME_PATH: '/nonexistent/chrome' })).toThrow(InputError);
    expect(() => findBrowser({ CHROME_PATH: '/nonexistent/chrome' })).toThrow('CHROME_PATH: "/nonexistent/chrome" is not an executable file');
  });

  it.runIf(CI)('CI has Chromium and poppler, so the PDF test below ran', () => {
    expect(missing).toBe('');
  });
});

const policy = loadPolicy(undefined);
const META = { generated: '2021-01-04', toolVersion: '0.0.0-test', policyVersion: 'liuzhou-2018-sei (test)' };

function reportOf(example: string, lang: 'zh' | 'en') {
  const { case: c } = parseCase(readFileSync(join(ROOT, 'examples', `${example}.yaml`), 'utf8'), policy, example);
  if (!c) throw new Error(example);
  const result = evaluate(policy, c, { asOf: '2020-12-31' });
  const page = renderReportHtml(result, { lang, unit: 'wan', policy, opportunities: findOpportunities(policy, c, result), mode: 'estimate', ...META });
  return { page, total: formatRange(result.total, 'wan') };
}

/** The share of pixels that are not (near) white in an 8-bit RGB(A) PNG, decoded here (no dependency). */
function inkShare(png: Buffer): number {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.subarray(pos + 4, pos + 8).toString('latin1');
    const body = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect(body[8]).toBe(8); // bit depth
      channels = body[9] === 6 ? 4 : body[9] === 2 ? 3 : 0;
      expect(body[12]).toBe(0); // not interlaced
    } else if (type === 'IDAT') data.push(body);
    pos += 12 + len;
  }
  expect(channels).toBeGreaterThan(0);
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  let prev = Buffer.alloc(stride);
  let ink = 0;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? (line[i - channels] as number) : 0;
      const b = prev[i] as number;
      const c = i >= channels ? (prev[i - channels] as number) : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const add = [0, a, b, (a + b) >> 1, paeth][filter] as number;
      line[i] = ((line[i] as number) + add) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = x * channels;
      if ((line[o] as number) < 230 || (line[o + 1] as number) < 230 || (line[o + 2] as number) < 230) ink++;
    }
    prev = line;
  }
  return ink / (width * height);
}

/** The text of a PDF (or one page) in content order, without white space: pdftotext spaces CJK and Latin unevenly. */
const pdfText = (file: string, page?: number) =>
  execFileSync('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
const squash = (s: string) => s.replace(/\s+/g, '');
const pageCount = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);

describe.skipIf(missing !== '' && !CI)('the client report in a real browser', () => {
  let printer: ReportPrinter;
  beforeAll(async () => {
    if (missing) throw new Error(`CI needs these for the PDF test: ${missing}`);
    mkdirSync(OUT, { recursive: true });
    printer = await openPrinter(browser as string);
  }, 60_000);
  afterAll(async () => {
    await printer?.close();
  });

  const cases = [
    { example: 'ev-battery-renovation', lang: 'zh', clause: '（二十四）', details: '计算过程与政策原文', page: (n: number, of: number) => `第 ${n} 页 / 共 ${of} 页` },
    { example: 'smart-factory', lang: 'en', clause: '（二十九）', details: 'How each amount is computed, with the policy text', page: (n: number, of: number) => `Page ${n} of ${of}` },
  ] as const;

  for (const c of cases) {
    it(`${c.example} (${c.lang}): PDF pages, total, clause, page numbers, CJK glyphs, and a screenshot that is not blank`, async () => {
      const { page, total } = reportOf(c.example, c.lang);
      const pdfFile = join(OUT, `${c.example}.${c.lang}.pdf`);
      const loaded = await printer.load(page);
      writeFileSync(pdfFile, await loaded.pdf());
      const fonts = await loaded.fontsUsed('h1');
      const shot = Buffer.from(await loaded.screenshot());
      await loaded.close();

      const pages = pageCount(pdfFile);
      // Summary, computation, open questions: each part starts a page; none runs past a few pages
      // (smart-factory's readings of the text — years-counted, issue 20 — take a sixth).
      expect(pages).toBeGreaterThanOrEqual(3);
      expect(pages).toBeLessThanOrEqual(6);
      const first = pdfText(pdfFile, 1);
      expect(first).toContain(total);
      expect(first).toContain(c.clause);
      expect(first).toContain(squash(c.page(1, pages)));
      // The computation part starts a page of its own (the page number comes first in the text).
      expect(pdfText(pdfFile, 2).replace(squash(c.page(2, pages)), '').startsWith(squash(c.details))).toBe(true);
      expect(pdfText(pdfFile)).toContain('（二十三）');
      if (c.example === 'ev-battery-renovation') expect(total).toBe('380万–430万');

      // The applicant's Chinese name is drawn with a CJK font the machine has, every glyph of it.
      expect(fonts.filter((f) => /CJK|Source Han|PingFang|YaHei|WenQuanYi|Droid Sans Fallback/.test(f.family)).reduce((n, f) => n + f.glyphs, 0)).toBeGreaterThan(8);

      writeFileSync(join(OUT, `${c.example}.${c.lang}.png`), shot);
      const ink = inkShare(shot);
      expect(ink).toBeGreaterThan(0.03);
      expect(ink).toBeLessThan(0.9);

      // Page 1 as printed, kept for a person to judge.
      execFileSync('pdftoppm', ['-png', '-r', '96', '-f', '1', '-l', '1', '-singlefile', pdfFile, join(OUT, `${c.example}.${c.lang}.page1`)]);
      expect(inkShare(readFileSync(join(OUT, `${c.example}.${c.lang}.page1.png`)))).toBeGreaterThan(0.02);
    }, 30_000);
  }
});
