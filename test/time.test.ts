import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTestFile, runTestFile } from '../src/authoring/cases.js';
import { loadCase } from '../src/case/load.js';
import type { Case } from '../src/case/model.js';
import { evaluate } from '../src/engine/evaluate.js';
import { compareReadings } from '../src/engine/readings.js';
import { formatProblem, type InputError } from '../src/errors/problem.js';
import { loadPolicy } from '../src/policy/load.js';
import { itemsUnder, parseReadingChoices } from '../src/policy/readings.js';
import { addYears, compareDates, dayNumber, daysBetween, parseCalendarDate } from '../src/values/dates.js';
import { caseFrom, item } from './helpers/load.js';

// Time and readings (issue #10), against the Liuzhou policy issued on 2018-02-06. The hand-computed
// cases, with their working, are in test/fixtures/time/time.test.yaml; this file runs them and
// checks what they cannot say: the trace, the years of a window, a yearly cap year by year, the
// alternatives' totals, and a property over generated cases.

const policy = loadPolicy();
const fixture = (name: string) => loadCase(`test/fixtures/time/${name}.yaml`, policy);
const range = (r: { low: { toFixed: (n: number) => string }; high: { toFixed: (n: number) => string } } | undefined) => (r ? `${r.low.toFixed(2)}–${r.high.toFixed(2)}` : 'none');

describe('the hand-computed cases (test/fixtures/time/time.test.yaml)', () => {
  const run = runTestFile(readTestFile('test/fixtures/time/time.test.yaml'));
  it.each(run.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(c.problems).toEqual([]);
    expect(c.mismatches).toEqual([]);
    expect(c.passed).toBe(true);
  });
  it('covers every reading and both boundaries of the period', () => {
    const pinned = new Set(run.cases.flatMap((c) => Object.entries(c.readings ?? {}).map(([id, alt]) => `${id}=${alt}`)));
    // Every alternative that is not a default is pinned by some case.
    for (const r of policy.readings) for (const a of r.alternatives) if (a.id !== r.default) expect(pinned, `${r.id}=${a.id}`).toContain(`${r.id}=${a.id}`);
    expect(run.cases.map((c) => c.asOf)).toEqual(expect.arrayContaining(['2020-12-30', '2020-12-31', '2021-01-01', '2023-12-31']));
  });
});

describe('dates compare as dates', () => {
  it('accepts years 1900–2199 and refuses others, naming the value', () => {
    expect(parseCalendarDate('1900-01-01')).toEqual({ ok: true, value: '1900-01-01' });
    expect(parseCalendarDate('2199-12-31')).toEqual({ ok: true, value: '2199-12-31' });
    expect(parseCalendarDate('9999-01-01')).toEqual({ ok: false, message: '"9999-01-01" is not a plausible date: the year must be between 1900 and 2199', zh: '“9999-01-01”的年份不合理：应在 1900 至 2199 年之间' });
    expect(parseCalendarDate('1899-12-31').ok).toBe(false);
  });

  it('a project file with a year-9999 date is an error at the field, not a pass of "a full year"', () => {
    try {
      fixture('bad-year');
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).problems.map(formatProblem)).toEqual([
        'test/fixtures/time/bad-year.yaml:9:11  error  recognitions[0].date: "9999-01-01" is not a plausible date: the year must be between 1900 and 2199',
      ]);
    }
  });

  it('adds years on the calendar (29 February falls back to 28 February) and compares across centuries', () => {
    expect(addYears('2020-02-29', 1)).toBe('2021-02-28');
    expect(compareDates('2199-12-31', '1900-01-01')).toBeGreaterThan(0);
    expect(compareDates('2018-02-06', '2018-02-06')).toBe(0);
  });
});

describe('dated events against the policy period and --as-of', () => {
  it('an event after the as-of date does not count yet, and the trace says from when it would', () => {
    const r = evaluate(policy, fixture('future-events'), { asOf: '2020-12-31' });
    const ipo = item(r, 'ipo').lines[0];
    const leaf = ipo?.conditions.children?.[1]?.children?.[1];
    expect([ipo?.status, leaf?.op, leaf?.outcome, leaf?.detail, leaf?.countsFrom]).toEqual(['does-not-apply', 'in_period', 'fail', 'after-as-of', '2023-03-01']);
  });

  it('an event before the issue date is not under this policy', () => {
    const r = evaluate(policy, fixture('before-issue'), { asOf: '2020-12-31' });
    const details = ['bond', 'neeq', 'smart-manufacturing'].map((id) => item(r, id).lines[0]?.conditions.children?.[1]?.children?.at(-1)?.detail);
    expect(details).toEqual(['before-issue', 'before-issue', 'before-issue']);
  });

  it('an undated event where the text depends on the date cannot be determined: the date is the missing fact', () => {
    const r = evaluate(policy, fixture('undated'), { asOf: '2020-12-31' });
    expect([item(r, 'smart-manufacturing').status, item(r, 'smart-manufacturing').missing]).toEqual(['cannot-determine', ['recognitions[0].date']]);
  });

  it('each applying line carries its event and the year it is counted in', () => {
    const r = evaluate(policy, fixture('two-loans'), { asOf: '2020-12-31' });
    expect(item(r, 'ip-pledge-interest').lines.map((l) => [l.event?.date, l.event?.year])).toEqual([
      ['2019-03-01', 2019],
      ['2020-07-01', 2020],
    ]);
  });
});

describe('a yearly cap groups the lines by the year of their event', () => {
  // A full year's interest, so that the cap binds in both years (the default, interest payable in the year, binds in 2019 only).
  const r = evaluate(policy, fixture('two-loans'), { asOf: '2020-12-31', readings: { 'interest-basis': 'full-year' } });
  it('each year against its own 30万: 2019 6万–77.25万 → 6万–30万, 2020 4.5万–52万 → 4.5万–30万', () => {
    const shared = r.sharedCaps.find((s) => s.id === 'ip-pledge-enterprise-cap');
    expect(shared?.years.map((y) => [y.year, range(y.before), range(y.after), y.binds])).toEqual([
      [2019, '60000.00–772500.00', '60000.00–300000.00', true],
      [2020, '45000.00–520000.00', '45000.00–300000.00', true],
    ]);
  });
  it('the cap step on each line names its year', () => {
    expect(item(r, 'ip-pledge-interest').lines.map((l) => l.caps.filter((c) => c.scope === 'shared').map((c) => [c.year, range(c.after)]))).toEqual([
      [[2019, '0.00–240000.00']],
      [[2020, '0.00–255000.00']],
    ]);
  });
});

describe('multi-year windows', () => {
  it('a window straddling the issue date: the first year is lost, the years and why are in the result', () => {
    const r = evaluate(policy, fixture('platform-straddle'), { asOf: '2020-12-31' });
    const w = item(r, 'it-platform').lines[0]?.window;
    expect([w?.start, w?.afterYears, w?.counted, w?.why?.en]).toEqual(['2017-09-01', 1, 2, 'For three consecutive years after a full year of normal operation']);
    expect(w?.years.map((y) => [y.n, y.from, y.to, y.counts, y.reason ?? '', range(y.amount)])).toEqual([
      [1, '2017-09-01', '2018-08-31', false, 'before-issue', 'none'],
      [2, '2018-09-01', '2019-08-31', true, '', '400000.00–400000.00'],
      [3, '2019-09-01', '2020-08-31', true, '', '400000.00–400000.00'],
    ]);
  });

  it('under window-start=from-issue the window starts on the issue date', () => {
    const r = evaluate(policy, fixture('platform-straddle'), { asOf: '2020-12-31', readings: { 'window-start': 'from-issue' } });
    const w = item(r, 'it-platform').lines[0]?.window;
    expect([w?.start, w?.shifted, w?.years.map((y) => y.from)]).toEqual(['2018-02-06', true, ['2018-02-06', '2019-02-06', '2020-02-06']]);
  });

  it('years that begin after the as-of date are counted and marked as future', () => {
    const r = evaluate(policy, fixture('institution-windows'), { asOf: '2020-12-31' });
    const [onIssue, mid2020, y2021] = item(r, 'public-rd-institution').lines;
    expect(onIssue?.window?.years.map((y) => y.counts)).toEqual([true, true, true]);
    expect(mid2020?.window?.years.map((y) => y.future)).toEqual([false, true, true]);
    expect([y2021?.status, y2021?.window]).toEqual(['does-not-apply', undefined]);
  });
});

describe('readings', () => {
  it('--reading pairs are checked against the policy, with did-you-mean', () => {
    expect(parseReadingChoices(policy, ['scope=whole-fund', 'levels=highest'])).toEqual({ choices: { scope: 'whole-fund', levels: 'highest' }, problems: [] });
    expect(parseReadingChoices(policy, ['scop=whole-fund']).problems).toEqual([
      'no reading "scop" in this policy (did you mean "scope"?); the readings are: scope, levels, merger-cap, window-start, interest-basis, testing-setup, cap-year, project-dates, years-counted',
    ]);
    expect(parseReadingChoices(policy, ['scope=whole-fnd']).problems).toEqual(['"whole-fnd" is not an alternative of reading "scope" (did you mean "whole-fund"?); the alternatives are: literal, whole-fund']);
    expect(parseReadingChoices(policy, ['scope']).problems).toEqual(['"scope" is not a reading choice: write ID=ALTERNATIVE, e.g. scope=whole-fund']);
  });

  it('the defaults are the items as written; an alternative is another compiled item', () => {
    expect(itemsUnder(policy, {})).toBe(policy.items);
    expect(itemsUnder(policy, { scope: 'literal' })).toBe(policy.items);
    const whole = itemsUnder(policy, { scope: 'whole-fund' });
    expect(whole.filter((i, n) => i !== policy.items[n]).map((i) => i.id)).toEqual(policy.readings.find((r) => r.id === 'scope')?.items);
  });

  it('the result names the readings in force', () => {
    const r = evaluate(policy, fixture('two-mergers'), { asOf: '2020-12-31', readings: { 'merger-cap': 'per-enterprise' } });
    expect(r.readings.find((x) => x.id === 'merger-cap')).toEqual({ id: 'merger-cap', alternative: 'per-enterprise', isDefault: false });
  });

  it('the estimate lists the readings that touch the case, with the total under each alternative', () => {
    const c = loadCase('examples/ev-battery-renovation.yaml', policy);
    const r = evaluate(policy, c, { asOf: '2020-12-31' });
    const compared = compareReadings(policy, c, r);
    // levels: each 380万–430万 (20万 + 10万 workshops); highest 370万–420万 (20万); difference 370万–420万.
    // scope does not touch it: every item of the reading that applies here already requires SEI or
    // the enterprise is in one (new-energy vehicles).
    expect(compared.map((x) => [x.id, x.alternatives.map((a) => `${a.id}${a.chosen ? '*' : ''} ${range(a.total)}`)])).toEqual([
      ['levels', ['each* 3800000.00–4300000.00', 'highest 3700000.00–4200000.00', 'difference 3700000.00–4200000.00']],
    ]);
    expect(compared[0]?.alternatives[1]?.changes.map((ch) => [ch.id, ch.status, range(ch.amount)])).toEqual([['smart-manufacturing', 'applies', '200000.00–200000.00']]);
    expect(r.alternatives).toBe(compared);
  });

  it('outside the strategic industries, the scope reading decides the one award', () => {
    const c = loadCase('examples/outside-strategic-industries.yaml', policy);
    const compared = compareReadings(policy, c, evaluate(policy, c, { asOf: '2020-12-31' }));
    expect(compared.map((x) => [x.id, x.alternatives.map((a) => `${a.id} ${range(a.total)}`)])).toEqual([
      ['scope', ['literal 100000.00–100000.00', 'whole-fund 0.00–0.00']],
    ]);
  });

  it('a reading for other kinds of applicant is not tried', () => {
    const c = loadCase('examples/bank.yaml', policy);
    expect(compareReadings(policy, c, evaluate(policy, c, { asOf: '2020-12-31' }))).toEqual([]);
  });
});

describe('property: moving --as-of earlier never adds an award that depends on a dated event', () => {
  const day = fc.integer({ min: 0, max: 365 * 9 }).map((n) => addDays('2015-01-01', n));
  const recognition = fc.record({
    type: fc.constantFrom('smart-workshop', 'smart-factory', 'smart-manufacturing-pilot', 'industrial-design-centre', 'industrial-design-award', 'weapons-production-licence'),
    level: fc.constantFrom('national', 'region', 'city'),
    date: day,
    name: fc.constantFrom('一号', '二号'),
  });
  const loan = fc.record({ fee: fc.integer({ min: 0, max: 50 }), loan: fc.integer({ min: 0, max: 5000 }), date: day });
  const financing = fc.record({ type: fc.constantFrom('bond', 'ipo', 'neeq'), amount: fc.integer({ min: 0, max: 100_000 }), date: day });
  const platform = fc.record({ since: day, revenue: fc.integer({ min: 0, max: 500 }) });
  const choice = (id: string) => fc.constantFrom(...(policy.readings.find((r) => r.id === id)?.alternatives.map((a) => a.id) ?? []));
  const readings = fc.record({ scope: choice('scope'), levels: choice('levels'), 'window-start': choice('window-start'), 'interest-basis': choice('interest-basis') });

  const caseOf = (v: { industry: string; recognitions: { type: string; level: string; date: string; name: string }[]; loans: { fee: number; loan: number; date: string }[]; financing: { type: string; amount: number; date: string }[]; platforms: { since: string; revenue: number }[] }): Case =>
    caseFrom(
      policy,
      [
        'name: 性质测试企业',
        'kind: enterprise',
        `industry: ${v.industry}`,
        ...list('recognitions', v.recognitions.map((r) => [`type: ${r.type}`, `level: ${r.level}`, `date: ${r.date}`, `name: ${r.name}`])),
        ...list('pledge_financing', v.loans.map((l) => ['collateral: ip', `evaluation_fee: ${l.fee}万`, `loan_amount: ${l.loan}万`, 'loan_term: 1y-5y', `loan_date: ${l.date}`])),
        ...list('financing', v.financing.map((f) => [`type: ${f.type}`, `amount: ${f.amount}万`, `date: ${f.date}`])),
        ...list('platform', v.platforms.map((p) => ['serves_liuzhou_third_party: true', `operating_since: ${p.since}`, `previous_year_service_revenue: ${p.revenue}万`])),
      ].join('\n'),
    );

  it('every line that applies at the earlier date applies at the later one, and the total does not fall', () => {
    fc.assert(
      fc.property(
        fc.record({
          industry: fc.constantFrom('new-materials', 'none'),
          recognitions: fc.array(recognition, { maxLength: 4 }),
          loans: fc.array(loan, { maxLength: 3 }),
          financing: fc.array(financing, { maxLength: 3 }),
          platforms: fc.array(platform, { maxLength: 2 }),
        }),
        day,
        fc.integer({ min: 0, max: 2000 }),
        readings,
        (v, earlier, gap, chosen) => {
          const c = caseOf(v);
          const later = addDays(earlier, gap);
          const a = evaluate(policy, c, { asOf: earlier, readings: chosen });
          const b = evaluate(policy, c, { asOf: later, readings: chosen });
          expect(a.total.low.lte(b.total.low) && a.total.high.lte(b.total.high), `${range(a.total)} at ${earlier} vs ${range(b.total)} at ${later}`).toBe(true);
          a.items.forEach((r, i) => {
            r.lines.forEach((l, j) => {
              if (l.status === 'applies') expect(b.items[i]?.lines[j]?.status, `${r.id}[${j}]`).toBe('applies');
            });
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function list(name: string, entries: string[][]): string[] {
  if (entries.length === 0) return [`${name}: none`];
  return [`${name}:`, ...entries.flatMap((fields) => fields.map((f, k) => `${k === 0 ? '  - ' : '    '}${f}`))];
}

describe('day numbers', () => {
  it('count days as the calendar does, across leap years and centuries', () => {
    for (const iso of ['1900-01-01', '1900-02-28', '1900-03-01', '1970-01-01', '2000-02-29', '2018-02-06', '2100-03-01', '2199-12-31']) {
      expect(dayNumber(iso), iso).toBe(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000);
    }
    expect(daysBetween('2019-10-01', '2020-01-01')).toBe(92);
  });
});
