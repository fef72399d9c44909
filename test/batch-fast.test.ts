import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ColumnPlan, csvFacts, planColumns } from '../src/batch/columns.js';
import { amountText } from '../src/batch/csv-row.js';
import { amountItems, csvRow, RowWriter, resultCells, textCell } from '../src/batch/output.js';
import { type ParsedRow, parseRow, type RowResult } from '../src/batch/rows.js';
import { AmountSum } from '../src/batch/summary.js';
import { isBlank, parseFactValue } from '../src/case/fact-values.js';
import { loadPolicy } from '../src/policy/load.js';
import type { Lang } from '../src/report/i18n.js';
import { isPlainIsoDate, parseCalendarDate } from '../src/values/dates.js';
import { fenOf } from '../src/values/fen.js';
import { Money, moneyString, parseDate, parseMoney, parseMoneyFully, plainAmount } from '../src/values/money.js';

// The batch's fast paths give exactly what the general code gives: each is compared with it on
// random input (the same value, the same warning, the same refusal, the same bytes out).

/** A decimal's exact inner form, so that "equal" also means "formats the same". */
const inner = (m: Money) => ({ s: m.s, e: m.e, d: [...m.d] });

describe('plain amounts read without the full grammar', () => {
  it('give the same result as the full reading, on random text made of the characters of amounts', () => {
    const chars = fc.constantFrom('0', '0', '1', '2', '5', '9', '.', '万', '亿', '元', '整', ',', ' ', '-', '¥');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 18 }), (cs) => {
        const text = cs.join('');
        const full = parseMoneyFully(text);
        const got = parseMoney(text);
        expect(got.ok, text).toBe(full.ok);
        if (got.ok && full.ok) {
          expect(inner(got.value), text).toEqual(inner(full.value));
          expect(got.warning, text).toEqual(full.warning);
        } else expect(got, text).toEqual(full);
        const fast = plainAmount(text);
        if (fast) {
          expect(full.ok && full.warning === undefined, text).toBe(true);
          if (full.ok) expect(inner(fast), text).toEqual(inner(full.value));
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('give the same value on well-formed amounts of every size and unit', () => {
    const amount = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 0, max: 12 }), fc.constantFrom('', '元', '万', '亿', '万元', '亿元'), fc.nat({ max: 3 }))
      .map(([n, places, unit, zeros]) => {
        const s = n.toString().padStart(places + 1, '0');
        const text = places ? `${s.slice(0, s.length - places)}.${s.slice(s.length - places)}` : s;
        return `${text}${'0'.repeat(places ? zeros : 0)}${unit}`;
      });
    fc.assert(
      fc.property(amount, (text) => {
        const full = parseMoneyFully(text);
        const got = parseMoney(text);
        expect(got, text).toEqual(full);
        if (got.ok && full.ok) expect(inner(got.value), text).toEqual(inner(full.value));
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads the usual notations itself, and leaves the rest to the full reading', () => {
    const read = (t: string) => plainAmount(t)?.toFixed();
    expect(read('3500万')).toBe('35000000');
    expect(read('6.8亿')).toBe('680000000');
    expect(read('12.345678万')).toBe('123456.78');
    expect(read('1.50万元')).toBe('15000');
    expect(read('3000000.50')).toBe('3000000.5');
    expect(read('3500元')).toBe('3500');
    expect(read('0')).toBe('0');
    expect(read('10000亿')).toBe('1000000000000');
    // A bare number below 10,000 (a warning), more than 1万亿 or below the fen (refusals),
    // commas, spaces, numerals and prefixes: the full reading's.
    for (const t of ['3500', '10001亿', '1.005', '12.3456789万', '3,000,000', ' 3500万', '三千万', '¥3500', '3500万整', '.5万', '5.万', '万', '']) {
      expect(plainAmount(t), t).toBeUndefined();
    }
  });
});

describe('amounts written from their digits', () => {
  it('give what toFixed(2) gives, for amounts of every size, scale and sign', () => {
    const decimal = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 9 }), fc.boolean())
      .map(([n, scale, negative]) => new Money(`${negative ? '-' : ''}${n}e-${scale}`));
    fc.assert(
      fc.property(decimal, fc.constantFrom('as is', 'times', 'plus'), (m, how) => {
        // Values as the engine makes them, too: products and sums, not only parsed text.
        const v = how === 'times' ? m.times('0.3') : how === 'plus' ? m.plus('1234.5') : m;
        expect(amountText(v), v.toString()).toBe(moneyString(v));
      }),
      { numRuns: 20_000 },
    );
  });

  it('write zero, fen, yuan and the largest amounts exactly', () => {
    for (const t of ['0', '0.01', '0.1', '0.05', '0.005', '0.015', '1', '1.5', '10', '35000000', '1234567.89', '100000000000000', '99999999999999.99', '1e21', '-0', '-1.5', '-0.004']) {
      const m = new Money(t);
      expect(amountText(m), t).toBe(moneyString(m));
    }
  });
});

/** textCell as it was written first, with regular expressions: the reference for the fast one. */
function textCellReference(value: string | undefined): string {
  if (value === undefined || value === '') return '';
  let v = value;
  if (/^[=+\-@\t\r]/.test(v) && !/^[+-]?\d+(\.\d+)?$/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

describe('text cells told plain by their characters', () => {
  it('are written as the regular expressions write them', () => {
    const ch = fc.constantFrom('a', 'Z', '1', '-', '+', '=', '@', '"', ',', ' ', '\t', '\r', '\n', '\u3000', '\u00a0', '\ufeff', '柳', '（', '.', "'");
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 10 }), (cs) => {
        const t = cs.join('');
        expect(textCell(t), JSON.stringify(t)).toBe(textCellReference(t));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('CSV rows written without building their cells', () => {
  const policy = loadPolicy();
  const items = amountItems(policy);
  const ids = policy.items.map((i) => i.id);
  /** The cells of resultCells joined by commas: how every output row was written before. */
  const reference = (r: RowResult, lang: Lang) =>
    `${resultCells(r, lang, items, policy)
      .map((c) => (typeof c === 'number' ? String(c) : typeof c === 'string' || c === undefined ? textCellReference(c) : moneyString(c)))
      .join(',')}\r\n`;
  const text = fc.option(fc.constantFrom('A1', '柳州某公司', '项目 1, 二期', '=HYPERLINK("x")', '-5', ' lead', 'say "hi"', '@x', '+1', ''), { nil: undefined });
  const money = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 16n }), fc.integer({ min: 0, max: 3 })).map(([n, s]) => new Money(`${n}e-${s}`));
  const row = fc.record({
    row: fc.integer({ min: 2, max: 2_000_000 }),
    applicantId: text,
    projectId: text,
    applicant: text,
    project: text,
    status: fc.constantFrom('applies', 'does-not-apply', 'cannot-determine', 'invalid'),
    total: fc.option(fc.record({ low: money, high: money }), { nil: undefined }),
    items: fc.uniqueArray(fc.tuple(fc.constantFrom(...ids), fc.record({ low: money, high: money })), { selector: ([id]) => id, maxLength: 6 }).map((xs) => new Map(xs)),
    unquantified: fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 3 }),
    cannotDetermine: fc.array(fc.record({ item: fc.constantFrom(...ids), missing: fc.array(fc.constantFrom('industry', 'projects.rd_spending', 'recognitions.date'), { minLength: 1, maxLength: 3 }) }), { maxLength: 3 }),
    error: text,
    errorZh: text,
    warning: text,
    warningZh: text,
  }, { requiredKeys: ['row', 'status', 'items', 'unquantified', 'cannotDetermine'] });

  it('give the same bytes as the cells joined, in both languages', () => {
    fc.assert(
      fc.property(row, fc.constantFrom<Lang>('en', 'zh'), (r, lang) => {
        const res = r as RowResult;
        expect(csvRow(policy, res, lang)).toBe(reference(res, lang));
        const writer = new RowWriter(policy, 'csv', lang, false);
        expect(writer.row(res)).toBe(reference(res, lang));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('rows read with the column plan decided once', () => {
  const policy = loadPolicy();
  const facts = csvFacts(policy);
  /** The earlier reading, cell by cell through parseFactValue: what parseRow must still give. */
  function reference(plan: ColumnPlan, cells: string[], row: number): ParsedRow {
    const parsed: ParsedRow = { row, facts: {}, entries: new Map(), errors: [] };
    const n = plan.columns.length;
    if (cells.length > n && cells.slice(n).some((c) => !isBlank(c))) {
      parsed.errors.push({
        message: `has ${cells.length} cells but the header has ${n} columns (a comma inside a cell needs "quotes")`,
        zh: `有 ${cells.length} 个单元格，但表头只有 ${n} 列（单元格内有逗号时须加英文双引号）`,
      });
    }
    plan.columns.forEach(({ role, header }, i) => {
      const raw = cells[i];
      if (raw === undefined || isBlank(raw)) return;
      if (role.role === 'applicant-id') parsed.applicantId = raw.trim();
      else if (role.role === 'project-id') parsed.projectId = raw.trim();
      else if (role.role === 'fact') {
        const r = parseFactValue(role.fact, raw);
        if (!r.ok) {
          const zh = r.zh ?? r.message;
          parsed.errors.push({
            header,
            path: role.fact.path,
            message: r.message.includes(raw.trim()) ? r.message : `"${raw}": ${r.message}`,
            zh: zh.includes(raw.trim()) ? zh : `“${raw}”：${zh}`,
          });
        } else {
          if (r.warning) {
            parsed.notes = [...(parsed.notes ?? []), { en: `column "${header}": ${r.warning.en}`, zh: `列“${header}”：${r.warning.zh}` }];
            parsed.valueWarnings = (parsed.valueWarnings ?? 0) + 1;
          }
          if (role.fact.list) {
            const entry = parsed.entries.get(role.fact.list) ?? {};
            entry[role.fact.name] = r.value;
            parsed.entries.set(role.fact.list, entry);
          } else parsed.facts[role.fact.name] = r.value;
        }
      }
    });
    return parsed;
  }
  const cellFor = (f: (typeof facts)[number]) => {
    const common = ['', ' ', '~', 'null', 'n/a', '=1+1'];
    switch (f.type) {
      case 'money':
        return fc.constantFrom(...common, '3500万', '1.5亿', '3,000,000', '三千万', '3500', '12.345万', '-5', '1.005');
      case 'date':
        return fc.constantFrom(...common, '2019-05-01', '2019/5/1', '2019年5月1日', '2019-02-30', '1800-01-01');
      case 'boolean':
        return fc.constantFrom(...common, '是', '否', 'true', 'FALSE', 'maybe');
      case 'enum':
        return fc.constantFrom(...common, ...f.choices.map((c) => c.id), ...f.choices.map((c) => c.label.zh), 'nonsense');
      case 'rate':
        return fc.constantFrom(...common, '4.35%', '120%', '4.35');
      default:
        return fc.constantFrom(...common, '柳州某公司', ' 项目 1 ', 'P-1');
    }
  };
  // A header of some of the policy's columns in a random order (the ids too), and rows for it.
  const sheet = fc
    .shuffledSubarray([...facts.map((f) => f.path), 'applicant_id', 'project_id'], { minLength: 1 })
    .chain((header) => {
      const plan = planColumns(policy, header, true);
      const cell = (i: number) => {
        const role = plan.columns[i]?.role;
        return role?.role === 'fact' ? cellFor(role.fact) : fc.constantFrom('', ' A1 ', 'P-2', '=x');
      };
      const row = fc.tuple(...header.map((_, i) => cell(i)), fc.array(fc.constantFrom('', ' ', 'extra'), { maxLength: 2 })).map((cs) => [...(cs.slice(0, -1) as string[]), ...(cs[cs.length - 1] as string[])]);
      return fc.tuple(fc.constant(header), fc.array(row, { minLength: 1, maxLength: 8 }));
    });

  it('give the facts, entries (in the same order) and errors of the cell-by-cell reading', () => {
    fc.assert(
      fc.property(sheet, ([header, rows]) => {
        const plan = planColumns(policy, header, true);
        const refPlan = planColumns(policy, header, true);
        rows.forEach((cells, i) => {
          const got = parseRow(plan, cells, i + 2);
          const want = reference(refPlan, cells, i + 2);
          expect(got).toEqual(want);
          expect([...got.entries.keys()]).toEqual([...want.entries.keys()]);
          for (const [list, entry] of got.entries) expect(Object.keys(entry)).toEqual(Object.keys(want.entries.get(list) ?? {}));
          expect(Object.keys(got.facts)).toEqual(Object.keys(want.facts));
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('the summary adds amounts in integer fen', () => {
  const amount = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 17n }), fc.integer({ min: 0, max: 4 })).map(([n, s]) => new Money(`${n}e-${s}`));

  it('reads whole fen exactly, and nothing else', () => {
    fc.assert(
      fc.property(amount, (m) => {
        const fen = m.times(100);
        const exact = fen.isInteger() && fen.lte(Number.MAX_SAFE_INTEGER);
        expect(fenOf(m), m.toString()).toBe(exact ? fen.toNumber() : undefined);
      }),
      { numRuns: 20_000 },
    );
    expect(fenOf(new Money('-1'))).toBeUndefined();
    expect(fenOf(new Money('0'))).toBe(0);
  });

  it('gives the same sum as adding the decimals one by one, past 2^53 fen too', () => {
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 40 }), (xs) => {
        const sum = new AmountSum();
        let want = new Money(0);
        for (const x of xs) {
          sum.add(x);
          want = want.plus(x);
        }
        expect(sum.value.eq(want)).toBe(true);
        expect(sum.value.toFixed(2)).toBe(want.toFixed(2));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('plain ISO dates read without normalising', () => {
  it('give what parseDate gives, on random date-like text', () => {
    const digit = fc.constantFrom('0', '1', '2', '9', '3');
    const text = fc.oneof(
      fc.tuple(fc.integer({ min: 1850, max: 2250 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
      fc.array(fc.oneof(digit, fc.constantFrom('-', '/', ' ', '年', '０')), { minLength: 8, maxLength: 12 }).map((cs) => cs.join('')),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(parseCalendarDate(t), t).toEqual(parseDate(t));
        if (isPlainIsoDate(t)) expect(parseDate(t), t).toEqual({ ok: true, value: t });
      }),
      { numRuns: 20_000 },
    );
    for (const t of ['2019-05-01', '2020-02-29', '2199-12-31', '1900-01-01']) expect(isPlainIsoDate(t), t).toBe(true);
    for (const t of ['2019-02-29', '2100-02-29', '1899-12-31', '2200-01-01', '2019-5-01', ' 2019-05-01', '2019/05/01', '２０19-05-01']) expect(isPlainIsoDate(t), t).toBe(false);
  });
});
