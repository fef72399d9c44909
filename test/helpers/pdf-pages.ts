import { amountsIn } from '../../src/report/html/keep.js';

// What a printed report must hold on every page, read back from the PDF's text (pdftotext -raw,
// pages split at form feeds): properties that hold or fail whatever fonts drew the page.

const squash = (s: string) => s.replace(/\s+/g, '');

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const fromEntities = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);

/** The text a reader sees in the report's body (no head, no attributes). */
export function visibleText(page: string): string {
  const body = page.slice(page.indexOf('<body>'));
  return fromEntities(body.replace(/<[^>]*>/g, ' '));
}

/** The report's parts the checks need: the item table's header, its total row, the chart's labels. */
export function reportParts(page: string): { header: string; total: string; totalLabel: string; labels: string[] } {
  const thead = /<table class="items">[\s\S]*?<thead>([\s\S]*?)<\/thead>/.exec(page)?.[1] ?? '';
  const sum = /<tr class="sum"><td colspan="5">([^<]*)<\/td><td class="num">([^<]*)<\/td><\/tr>/.exec(page);
  const labels = [...page.matchAll(/<div class="label" title="[^"]*">([^<]*)<\/div>/g)].map((m) => fromEntities(m[1] ?? ''));
  return { header: squash(fromEntities(thead.replace(/<[^>]*>/g, ''))), totalLabel: fromEntities(sum?.[1] ?? ''), total: fromEntities(sum?.[2] ?? ''), labels };
}

const CLAUSE = /^（[〇一二三四五六七八九十]+）/;

/**
 * Every way the printed report can fail a reader, as messages (none when it holds):
 * - a page with nothing on it but its number, a repeated table header or a total;
 * - the table's total on a page without an item row above it (under the repeated header);
 * - an amount of the report broken across lines ("50" / "万/applicant/yr");
 * - a chart label that is not printed whole.
 */
export function pageProblems(pages: string[], html: string, pageNumber: (n: number, of: number) => string): string[] {
  const problems: string[] = [];
  const { header, total, totalLabel, labels } = reportParts(html);
  const totalLine = squash(`${totalLabel}${total}`);
  pages.forEach((text, i) => {
    const n = i + 1;
    const lines = text.split('\n').map(squash).filter(Boolean);
    const rest = lines.filter((l) => l !== squash(pageNumber(n, pages.length)) && l !== header && l !== totalLine).join('');
    // An item row is content; a page number, a repeated header and a total are not.
    if (rest.length < 10) problems.push(`page ${n} has nothing but ${JSON.stringify(lines.join(' '))}`);
    const at = total ? lines.indexOf(totalLine) : -1;
    if (at >= 0) {
      const head = lines.lastIndexOf(header, at);
      const rows = lines.slice(head + 1, at).filter((l) => CLAUSE.test(l));
      if (head < 0 || rows.length === 0) problems.push(`page ${n}: the total ${total} stands without an item row above it`);
    }
  });
  if (total && !pages.some((p) => p.split('\n').map(squash).includes(totalLine))) problems.push(`the total row "${totalLabel} ${total}" is not printed on one line`);

  // Each amount as often whole on one line as it is in the text of the whole report.
  const all = pages.join('\n');
  const joined = squash(all);
  const lines = all.split('\n').map(squash);
  const count = (hay: string, needle: string) => hay.split(needle).length - 1;
  for (const amount of new Set(amountsIn(visibleText(html)).map(squash))) {
    const whole = lines.reduce((k, l) => k + count(l, amount), 0);
    const anywhere = count(joined, amount);
    if (anywhere === 0) problems.push(`the amount ${amount} is not in the PDF`);
    else if (whole < anywhere) problems.push(`the amount ${amount} is split across lines ${anywhere - whole} time(s)`);
  }
  for (const label of labels) if (!joined.includes(squash(label))) problems.push(`the chart label "${label}" is not printed whole`);
  return problems;
}
