import type { PathSegment } from '../errors/problem.js';
import { isStated, numbersInText, parseStatedNumber, type StatedNumber, showNumber } from '../values/quote-numbers.js';

// The numbers of a rule must be the numbers of the words it encodes: every rate, amount, cap,
// threshold and count of years an item writes is looked for, as a value, in the item's quote
// (400万元 = 400万 = 4,000,000; 10%-12% states 10% and 12%). A number the quote does not state is
// an error at that number, unless an interpretation note names it (numbers: [...]) or it is the
// change a reading makes, with the reading's own words. This reads the file as written, so it runs
// even when other parts of the file do not pass the schema.

export interface NumberProblem {
  path: PathSegment[];
  message: string;
  clause?: string;
  severity: 'error';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Found {
  path: PathSegment[];
  written: string;
  number: StatedNumber;
}

function moneyOrRate(raw: unknown, path: PathSegment[], out: Found[]) {
  const n = parseStatedNumber(raw);
  if (n) out.push({ path, written: String(raw), number: n });
}

function years(raw: unknown, path: PathSegment[], out: Found[]) {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw > 0) {
    const n = parseStatedNumber(`${raw}年`);
    if (n) out.push({ path, written: String(raw), number: n });
  }
}

function inAward(award: unknown, path: PathSegment[], out: Found[]) {
  if (!isObj(award)) return;
  const rate = award.rate;
  if (typeof rate === 'string') moneyOrRate(rate, [...path, 'rate'], out);
  else if (isObj(rate)) for (const k of ['low', 'high', 'up_to']) if (rate[k] !== undefined) moneyOrRate(rate[k], [...path, 'rate', k], out);
  for (const k of ['amount', 'ceiling']) if (award[k] !== undefined) moneyOrRate(award[k], [...path, k], out);
  if (isObj(award.amounts)) for (const [k, v] of Object.entries(award.amounts)) moneyOrRate(v, [...path, 'amounts', k], out);
}

function inCaps(caps: unknown, path: PathSegment[], out: Found[]) {
  if (!Array.isArray(caps)) return;
  caps.forEach((cap, i) => {
    if (isObj(cap) && cap.amount !== undefined) moneyOrRate(cap.amount, [...path, i, 'amount'], out);
  });
}

function inCondition(c: unknown, path: PathSegment[], out: Found[]) {
  if (!isObj(c)) return;
  for (const key of ['all', 'any']) {
    const children = c[key];
    if (Array.isArray(children)) {
      children.forEach((ch, i) => {
        inCondition(ch, [...path, key, i], out);
      });
    }
  }
  if (c.not !== undefined) inCondition(c.not, [...path, 'not'], out);
  for (const op of ['gte', 'gt', 'lte', 'lt']) if (c[op] !== undefined) moneyOrRate(c[op], [...path, op], out);
  if (c.at_least_years_ago !== undefined) years(c.at_least_years_ago, [...path, 'at_least_years_ago'], out);
}

function inWindow(w: unknown, path: PathSegment[], out: Found[]) {
  if (!isObj(w)) return;
  if (w.years !== undefined) years(w.years, [...path, 'years'], out);
  if (w.after_years !== undefined) years(w.after_years, [...path, 'after_years'], out);
}

/** The numbers an item (or a reading's change to it) writes, each with its path. */
function numbersOf(item: Obj, at: PathSegment[]): Found[] {
  const out: Found[] = [];
  inAward(item.award, [...at, 'award'], out);
  inCaps(item.caps, [...at, 'caps'], out);
  inCondition(item.when, [...at, 'when'], out);
  inCondition(item.also, [...at, 'also'], out);
  inWindow(item.window, [...at, 'window'], out);
  if (isObj(item.period)) years(item.period.years, [...at, 'period', 'years'], out);
  return out;
}

/** A long quote shortened to its two ends, enough to tell which sentence it is. */
function shortQuote(quote: string): string {
  return quote.length <= 32 ? quote : `${quote.slice(0, 15)}…${quote.slice(-15)}`;
}

function statedList(stated: StatedNumber[]): string {
  const shown = [...new Set(stated.filter((n) => n.kind !== 'plain').map(showNumber))];
  return shown.length ? shown.join(', ') : 'no number';
}

/** Every number of the file's items, shared caps and budget that its quote does not state. */
export function quoteNumberProblems(data: unknown): NumberProblem[] {
  if (!isObj(data)) return [];
  const out: NumberProblem[] = [];
  const readings = new Map<string, StatedNumber[]>();
  if (Array.isArray(data.readings)) {
    for (const r of data.readings) if (isObj(r) && typeof r.id === 'string' && typeof r.quote === 'string') readings.set(r.id, numbersInText(r.quote));
  }
  const check = (found: Found[], quote: string, stated: StatedNumber[], whose: string, clause: unknown) => {
    for (const f of found) {
      if (isStated(f.number, stated)) continue;
      out.push({
        path: f.path,
        message: `${f.written} is not in ${whose} 「${shortQuote(quote)}」, which states ${statedList(stated)}: correct the number, or if the difference is deliberate, name it in an interpretation note (numbers: [${f.written}]) or a reading`,
        ...(typeof clause === 'string' ? { clause } : {}),
        severity: 'error',
      });
    }
  };
  if (Array.isArray(data.items)) {
    data.items.forEach((item, index) => {
      if (!isObj(item) || typeof item.quote !== 'string') return;
      const at: PathSegment[] = ['items', index];
      const named = Array.isArray(item.interpretation)
        ? item.interpretation.flatMap((n) => (isObj(n) && Array.isArray(n.numbers) ? n.numbers.map(parseStatedNumber).filter((x): x is StatedNumber => !!x) : []))
        : [];
      const stated = [...numbersInText(item.quote), ...named];
      check(numbersOf(item, at), item.quote, stated, "the item's quote", item.clause);
      // A reading's change may also use the numbers of the reading's own words.
      if (isObj(item.readings)) {
        for (const [rid, alts] of Object.entries(item.readings)) {
          if (!isObj(alts)) continue;
          for (const [aid, change] of Object.entries(alts)) {
            if (!isObj(change)) continue;
            check(numbersOf(change, [...at, 'readings', rid, aid]), item.quote, [...stated, ...(readings.get(rid) ?? [])], "the item's quote (or its reading's)", item.clause);
          }
        }
      }
    });
  }
  if (Array.isArray(data.shared_caps)) {
    data.shared_caps.forEach((sc, i) => {
      if (!isObj(sc) || typeof sc.quote !== 'string' || sc.amount === undefined) return;
      const found: Found[] = [];
      moneyOrRate(sc.amount, ['shared_caps', i, 'amount'], found);
      check(found, sc.quote, numbersInText(sc.quote), "the shared cap's quote", sc.clause);
    });
  }
  if (isObj(data.budget) && typeof data.budget.quote === 'string' && data.budget.amount !== undefined) {
    const found: Found[] = [];
    moneyOrRate(data.budget.amount, ['budget', 'amount'], found);
    check(found, data.budget.quote, numbersInText(data.budget.quote), "the budget's quote", data.budget.clause);
  }
  return out;
}
