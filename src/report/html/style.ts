import type { Lang } from '../i18n.js';
import { type Html, trusted } from './template.js';

// The report's style sheet, inline so the file is self-contained. Fonts are named, never fetched:
// a CJK font the machine has (Noto Sans CJK on Linux, PingFang on macOS, YaHei on Windows) draws
// the Chinese, so it never falls back to boxes in print. No synthetic bold or italic (font-synthesis):
// a face the font lacks is not faked by thickening outlines, which a PDF can only keep as paths.

const CJK = `"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Droid Sans Fallback"`;
const LATIN = `"Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans"`;

export function fontStack(lang: Lang): string {
  return lang === 'zh' ? `${CJK}, ${LATIN}, sans-serif` : `${LATIN}, ${CJK}, sans-serif`;
}

const CSS = `
:root { --ink: #1d2733; --muted: #5b6878; --rule: #d5dbe3; --soft: #f3f6f9; --accent: #1f4e79; --accent-soft: #9ec3e6; --pass: #1b7f3b; --fail: #b3261e; --missing: #a86400; }
* { box-sizing: border-box; }
html { background: #e9edf1; }
body { margin: 0; color: var(--ink); font-size: 10.5pt; line-height: 1.55; font-synthesis: none; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.paper { max-width: 210mm; margin: 12px auto; background: #fff; padding: 16mm 16mm 18mm; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
header.doc { border-bottom: 2.5px solid var(--accent); padding-bottom: 8px; margin-bottom: 12px; }
header.doc .kicker { color: var(--accent); font-size: 9pt; letter-spacing: .08em; text-transform: uppercase; margin: 0; }
h1 { font-size: 19pt; margin: 2px 0 0; line-height: 1.25; }
h1 .who { display: block; font-size: 12.5pt; font-weight: 600; color: var(--muted); margin-top: 4px; }
h2 { font-size: 13pt; color: var(--accent); margin: 18px 0 6px; padding-bottom: 3px; border-bottom: 1px solid var(--rule); break-after: avoid; }
h3 { font-size: 11pt; margin: 12px 0 4px; break-after: avoid; }
h4 { font-size: 10pt; margin: 8px 0 2px; color: var(--muted); break-after: avoid; }
/* Chinese headings below the title are set apart by size and colour, not weight. Chromium can embed
   only TrueType outlines as fonts; a CJK font with CFF outlines (Noto Sans CJK, the one Linux
   machines have) goes into the PDF glyph by glyph as Type 3 procedures, and its bold face doubles
   them: bold h2–h4 made a 4-page Chinese report 543 KB, regular 419 KB. */
:lang(zh) h2, :lang(zh) h3, :lang(zh) h4 { font-weight: 400; }
:lang(zh) h3 { color: var(--accent); }
p { margin: 4px 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; font-size: 9.5pt; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
.total { display: flex; gap: 18px; align-items: flex-start; margin: 14px 0 4px; break-inside: avoid; }
.total .figure { background: var(--accent); color: #fff; padding: 10px 16px; border-radius: 4px; min-width: 52mm; }
.total .figure .caption { font-size: 9pt; opacity: .9; }
.total .figure .amount { font-size: 22pt; font-weight: 700; line-height: 1.2; white-space: nowrap; }
.total .figure .unit { font-size: 8.5pt; opacity: .85; }
.total .why { flex: 1; font-size: 9.5pt; }
.total .why h3 { margin: 0 0 2px; font-size: 10pt; }
.total .why ul { margin: 0; padding-left: 1.2em; }
figure.chart { margin: 8px 0 0; break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; display: block; }
.bars { display: grid; grid-template-columns: 1fr max-content; column-gap: 10px; align-items: center; }
.bars .label { grid-column: 1 / -1; font-size: 9pt; line-height: 1.35; margin-top: 6px; }
.bars .track { position: relative; height: 11px; background: var(--soft); }
.bars .track span { position: absolute; top: 0; bottom: 0; left: 0; }
.bars .low, .legend .low { background: var(--accent); }
.bars .high, .legend .high { background: var(--accent-soft); }
.bars .value { font-size: 9pt; font-weight: 700; text-align: right; white-space: nowrap; }
.bars .axis { grid-column: 1; position: relative; height: 16px; margin-top: 8px; border-top: 1px solid var(--muted); font-size: 7.5pt; line-height: 1; color: var(--muted); }
.bars .axis span { position: absolute; top: 0; padding-top: 5px; transform: translateX(-50%); white-space: nowrap; }
.bars .axis span:first-child { transform: none; }
.bars .axis span::before { content: ""; position: absolute; top: 0; left: 50%; height: 3px; border-left: 1px solid var(--muted); }
.bars .axis span:first-child::before { left: 0; }
.legend { font-size: 8pt; color: var(--muted); margin: 4px 0 0; }
.legend .key { display: inline-block; width: 9px; height: 9px; margin: 0 4px 0 14px; vertical-align: -1px; }
.legend .key:first-child { margin-left: 0; }
.nb { white-space: nowrap; }
figure.chart figcaption { font-size: 9pt; color: var(--muted); }
table { width: 100%; border-collapse: collapse; font-size: 9pt; margin: 6px 0; }
thead { display: table-header-group; }
tfoot { display: table-row-group; }
tr { break-inside: avoid; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 5px; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: var(--soft); font-weight: 600; border-bottom: 1.5px solid var(--accent); }
td.num, th.num { text-align: right; white-space: nowrap; }
table.counts { margin: 0; font-size: 9.5pt; }
table.counts th { background: none; border-bottom: 1px solid var(--rule); font-weight: 400; color: var(--muted); }
table.counts td { font-weight: 700; }
td.clause { white-space: nowrap; }
td.cap { overflow-wrap: normal; }
.entry { display: block; color: var(--muted); font-size: 8.5pt; }
.capped { color: var(--accent); font-size: 8pt; white-space: nowrap; }
tbody.end { break-inside: avoid; }
tr.sum td { font-weight: 700; border-top: 1.5px solid var(--accent); border-bottom: none; }
section { break-inside: auto; }
section.part { break-before: page; }
section.keep { break-inside: avoid; }
.item { break-inside: avoid; margin-bottom: 10px; }
blockquote { margin: 4px 0 6px; padding: 4px 10px; border-left: 3px solid var(--accent-soft); background: var(--soft); font-size: 9.5pt; }
blockquote .label { color: var(--muted); font-size: 8.5pt; display: block; }
ol.steps, ul.tree, ul.list { margin: 2px 0 4px; padding-left: 1.4em; font-size: 9.5pt; }
ol.steps li, ul.tree li, ul.list li { margin: 1px 0; }
ul.tree ul.tree { font-size: inherit; }
li.marked { list-style: none; }
.mark { display: inline-block; width: 1.1em; margin-left: -1.1em; font-weight: 700; }
.mark.pass { color: var(--pass); }
.mark.fail { color: var(--fail); }
.mark.missing { color: var(--missing); }
.note { color: var(--muted); font-size: 9pt; }
.warn { color: var(--fail); font-weight: 600; }
footer.disclaimer { margin-top: 16px; padding-top: 6px; border-top: 1px solid var(--rule); font-size: 8.5pt; color: var(--muted); break-inside: avoid; }
footer.disclaimer p { margin: 2px 0; }
@media print {
  html { background: #fff; }
  .paper { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  a { color: inherit; text-decoration: none; }
}
`;

// Page numbers in the page margin: Chromium (131+) prints them; other printers may leave them out.
const PAGE_NUMBER = { zh: '"第 " counter(page) " 页 / 共 " counter(pages) " 页"', en: '"Page " counter(page) " of " counter(pages)' };

export function styleSheet(lang: Lang): Html {
  const page = `@page { size: A4; margin: 16mm 15mm 18mm; @bottom-right { content: ${PAGE_NUMBER[lang]}; font-family: ${fontStack(lang)}; font-size: 8pt; color: #5b6878; } }`;
  return trusted(`body { font-family: ${fontStack(lang)}; }${CSS}${page}`);
}
