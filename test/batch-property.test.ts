import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCsvBatch } from '../src/batch/run.js';
import { parseCase } from '../src/case/load.js';
import { evaluate } from '../src/engine/evaluate.js';
import { loadPolicy } from '../src/policy/load.js';
import { moneyString } from '../src/values/money.js';

// For generated sheets: one output row per input row, in order; and each applicant's rows add up
// to what `estimate` gives for the same applicant written as a project file (row by row for an
// applicant with one row), item by item, to the fen.

const policy = loadPolicy();
const AS_OF = '2020-12-31';
const dir = mkdtempSync(join(tmpdir(), 'batch-prop-'));

const HEADER = [
  'applicant_id', 'name', 'kind', 'industry',
  'projects.name', 'projects.type', 'projects.plant_equipment_investment', 'projects.rd_spending', 'projects.higher_level_funding',
  'financing.type', 'financing.amount',
  'recognitions.type', 'recognitions.level', 'recognitions.date',
  'platform.name', 'platform.operating_since', 'platform.previous_year_service_revenue',
];

const money = fc.oneof(
  fc.integer({ min: 0, max: 20_000 }).map((n) => `${n}万`),
  fc.integer({ min: 0, max: 900_000_000 }).map((fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`),
);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const date = fc.constantFrom('2017-06-01', '2018-03-01', '2019-10-18', '2020-06-30');

const entryRow = fc.record({
  project: opt(fc.record({
    name: fc.constantFrom('一期', '二期', '=A1+1', '"quoted", name'),
    type: fc.constantFrom('newly-introduced', 'technical-renovation', 'rd', '技术改造项目'),
    investment: opt(money),
    rd: opt(money),
    funded: opt(fc.constantFrom('是', 'false')),
  })),
  financing: opt(fc.record({ type: fc.constantFrom('bond', 'ipo', 'neeq'), amount: opt(money) })),
  recognition: opt(fc.record({ type: fc.constantFrom('smart-workshop', 'smart-factory', 'engineering-centre'), level: fc.constantFrom('national', 'region', 'city'), date })),
  platform: opt(fc.record({ since: date, revenue: opt(money) })),
  /** Now and then a mistyped amount, which makes the row invalid. */
  typo: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

const applicant = fc.record({
  kind: fc.constantFrom('enterprise', 'enterprise', 'bank', 'park'),
  industry: fc.constantFrom('new-materials', 'high-end-equipment', 'none', '新能源汽车产业'),
  rows: fc.array(entryRow, { minLength: 1, maxLength: 4 }),
  repeat: fc.boolean(),
});

type Applicant = typeof applicant extends fc.Arbitrary<infer T> ? T : never;
type EntryRow = Applicant['rows'][number];

const csvCell = (v: string | undefined) => (v === undefined ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function csvRows(id: number, a: Applicant): string[] {
  return a.rows.map((r, i) =>
    [
      // The applicant's facts on its first row only, or repeated on every row: both must work.
      `A${id}`, i === 0 || a.repeat ? `柳州公司${id}` : '', i === 0 || a.repeat ? a.kind : '', i === 0 || a.repeat ? a.industry : '',
      r.project?.name, r.project?.type, r.typo ? '三千五' : r.project?.investment, r.project?.rd, r.project?.funded,
      r.financing?.type, r.financing?.amount,
      r.recognition?.type, r.recognition?.level, r.recognition?.date,
      r.platform ? `平台${i}` : undefined, r.platform?.since, r.platform?.revenue,
    ].map(csvCell).join(','),
  );
}

const y = (v: string) => JSON.stringify(v);

/** The same applicant as a project file. */
function projectYaml(id: number, a: Applicant, rows: EntryRow[]): string {
  const lines = [`name: ${y(`柳州公司${id}`)}`, `kind: ${a.kind}`, `industry: ${y(a.industry)}`];
  const list = (key: string, entries: string[][]) => {
    if (!entries.length) return;
    lines.push(`${key}:`);
    for (const e of entries) {
      e.forEach((l, i) => {
        lines.push(`${i === 0 ? '  - ' : '    '}${l}`);
      });
    }
  };
  const fields = (pairs: [string, string | undefined][]) => pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${y(v as string)}`);
  list('projects', rows.filter((r) => r.project).map((r) => fields([['name', r.project?.name], ['type', r.project?.type], ['plant_equipment_investment', r.project?.investment], ['rd_spending', r.project?.rd], ['higher_level_funding', r.project?.funded]])));
  list('financing', rows.filter((r) => r.financing).map((r) => fields([['type', r.financing?.type], ['amount', r.financing?.amount]])));
  list('recognitions', rows.filter((r) => r.recognition).map((r) => fields([['type', r.recognition?.type], ['level', r.recognition?.level], ['date', r.recognition?.date]])));
  list('platform', rows.flatMap((r, i) => (r.platform ? [fields([['name', `平台${i}`], ['operating_since', r.platform.since], ['previous_year_service_revenue', r.platform.revenue]])] : [])));
  return `${lines.join('\n')}\n`;
}

async function runBatch(csv: string): Promise<Record<string, unknown>[]> {
  const file = join(dir, 'sheet.csv');
  writeFileSync(file, csv);
  let text = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  await runCsvBatch({ policy, file, out, format: 'jsonl', lang: 'en', bom: false, asOf: AS_OF, ignoreUnknownColumns: false });
  return text.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

describe('batch, property', () => {
  it('writes one row per input row, and each applicant adds up to estimate on the same case', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(applicant, { minLength: 1, maxLength: 6 }), async (applicants) => {
        const lines = [HEADER.join(',')];
        applicants.forEach((a, i) => {
          lines.push(...csvRows(i, a));
        });
        const out = await runBatch(`${lines.join('\n')}\n`);
        expect(out).toHaveLength(lines.length - 1);
        expect(out.map((r) => r.row)).toEqual(lines.slice(1).map((_, i) => i + 2));

        let at = 0;
        applicants.forEach((a, i) => {
          const rows = out.slice(at, at + a.rows.length);
          at += a.rows.length;
          const anyTypo = a.rows.some((r) => r.typo);
          // Without its first row, an applicant whose facts are stated only there has none: all invalid.
          const lost = !a.repeat && a.rows[0]?.typo;
          rows.forEach((r, k) => {
            expect(r.status === 'invalid', `row ${String(r.row)}`).toBe(lost || (a.rows[k]?.typo ?? false));
          });
          const valid = a.rows.filter((r) => !r.typo);
          if (!valid.length || lost) return;
          const { case: c, problems } = parseCase(projectYaml(i, a, valid), policy, `A${i}.yaml`);
          // (A small plain amount is read as yuan with a warning; only errors would make the case differ.)
          expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
          const est = evaluate(policy, c!, { asOf: AS_OF });
          // Sum the rows of the applicant, item by item.
          const sums = new Map<string, { low: number; high: number }>();
          let low = 0n;
          let high = 0n;
          const fen = (s: string) => BigInt(s.replace('.', ''));
          for (const r of rows) {
            if (r.status === 'invalid') continue;
            const total = r.total as { low: string; high: string };
            low += fen(total.low);
            high += fen(total.high);
            for (const [id, v] of Object.entries(r.items as Record<string, { low: string; high: string }>)) {
              const s = sums.get(id) ?? { low: 0, high: 0 };
              sums.set(id, { low: s.low + Number(fen(v.low)), high: s.high + Number(fen(v.high)) });
            }
          }
          expect(`${low}`, `applicant ${i} low`).toBe(moneyString(est.total.low).replace('.', '').replace(/^0+(?=\d)/, ''));
          expect(`${high}`, `applicant ${i} high`).toBe(moneyString(est.total.high).replace('.', '').replace(/^0+(?=\d)/, ''));
          for (const item of est.items) {
            if (item.status !== 'applies' || !item.amount) continue;
            const s = sums.get(item.id);
            expect(s, item.id).toBeDefined();
            expect(s?.low, item.id).toBe(Number(moneyString(item.amount.low).replace('.', '')));
            expect(s?.high, item.id).toBe(Number(moneyString(item.amount.high).replace('.', '')));
          }
          // One valid row alone: that row is exactly estimate's result.
          if (a.rows.length === 1 && !anyTypo) {
            const r = rows[0] as { total: { low: string; high: string } };
            expect(r.total).toEqual({ low: moneyString(est.total.low), high: moneyString(est.total.high) });
          }
        });
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
