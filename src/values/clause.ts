import { sectionValue } from './notation.js';

// A clause as people refer to it: （三十二）, (三十二), 三十二, 第三十二条 or 32 all name the
// same clause. Compared by number, so no spelling is closer to a wrong clause than another.

const NUMERAL = /^[零〇一二两三四五六七八九十百]+$/;

/** The clause's number, or undefined when the text does not name a clause by number. */
export function clauseNumber(text: string): number | undefined {
  const bare = text
    .normalize('NFKC')
    .trim()
    .replace(/^第/, '')
    .replace(/[条款]$/, '')
    .replace(/^[(（]\s*(.*?)\s*[)）]$/, '$1')
    .trim();
  if (/^\d{1,3}$/.test(bare)) return Number(bare);
  if (NUMERAL.test(bare)) {
    const n = Number(sectionValue(bare));
    return n > 0 ? n : undefined;
  }
  return undefined;
}

/** Whether two references name the same clause (by number, else by their text). */
export function sameClause(a: string, b: string): boolean {
  const x = clauseNumber(a);
  const y = clauseNumber(b);
  if (x !== undefined && y !== undefined) return x === y;
  return a.normalize('NFKC').trim() === b.normalize('NFKC').trim();
}
