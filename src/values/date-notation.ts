import { type Parsed, quoted, refuse } from './said.js';

// Dates as people write them (2019-05-01, 2019-5-1, 2019/5/1, 2019.5.1, 2019年5月1日, full-width
// digits too), wherever a date is read: project files, CSV cells, the interview, --as-of.
// Whatever the notation, the value is the ISO date, so comparisons and output are one form.

const NUMERIC = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;

/** The years a date in this domain can fall in: anything else is a typo (1019, 2109 is still allowed). */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2199;

/** The notations accepted, for a JSON Schema pattern (the calendar check is the parser's). */
export const DATE_PATTERN =
  '^\\s*[0-9０-９]{4}(?:([-/.－／．])[0-9０-９]{1,2}\\1[0-9０-９]{1,2}|\\s*年\\s*[0-9０-９]{1,2}\\s*月\\s*[0-9０-９]{1,2}\\s*日)\\s*$';

/** Parses a calendar date and rejects impossible ones such as 2019-02-30; the value is ISO (2019-05-01). */
export function parseDate(input: unknown): Parsed<string> {
  if (input instanceof Date && !Number.isNaN(input.getTime())) input = input.toISOString().slice(0, 10);
  if (typeof input !== 'string') {
    return refuse({
      en: `expected a date such as 2019-05-01, got ${input === null || input === undefined ? 'nothing' : typeof input}`,
      zh: `应为日期，如 2019-05-01，但填写的${input === null || input === undefined ? '是空值' : '不是文字'}`,
    });
  }
  const text = input.normalize('NFKC').trim();
  const q = quoted(input);
  const m = NUMERIC.exec(text);
  const c = m ? undefined : CHINESE.exec(text);
  const parts = m ? [m[1], m[3], m[4]] : c ? [c[1], c[2], c[3]] : undefined;
  if (!parts) {
    return refuse({
      en: `${q.en} is not a date: write it as 2019-05-01 (or 2019/5/1, 2019年5月1日)`,
      zh: `${q.zh}不是日期：请写成 2019-05-01（或 2019/5/1、2019年5月1日）`,
    });
  }
  const [y, mo, d] = parts.map(Number) as [number, number, number];
  if (y < FIRST_YEAR || y > LAST_YEAR) {
    return refuse({
      en: `${q.en} is not a plausible date: the year must be between ${FIRST_YEAR} and ${LAST_YEAR}`,
      zh: `${q.zh}的年份不合理：应在 ${FIRST_YEAR} 至 ${LAST_YEAR} 年之间`,
    });
  }
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    return refuse({ en: `${q.en} is not a real calendar date`, zh: `${q.zh}不是真实存在的日期` });
  }
  return { ok: true, value: `${y}-${pad(mo)}-${pad(d)}` };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Adds whole years to an ISO date (29 February falls back to 28 February). */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y + years, m - 1, d));
  if (probe.getUTCMonth() !== m - 1) probe.setUTCDate(0);
  return probe.toISOString().slice(0, 10);
}

export function todayIso(): string {
  const now = new Date();
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
