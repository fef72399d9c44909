import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCase } from '../src/case/load.js';
import { evaluate } from '../src/engine/evaluate.js';
import { forEachLineOutcome } from '../src/engine/outcomes.js';
import { quickFormOf } from '../src/engine/quick-result.js';
import { loadPolicy } from '../src/policy/load.js';
import { moneyString } from '../src/values/money.js';

// The quick path (amounts in whole fen) against the decimal path, on random cases under random
// readings, with amounts chosen to land on the rounding boundaries (half a fen after × 10%, 12%,
// 15%, 1%, 0.1%, 30%, 50% × 4.35%), the caps (exactly at, a fen either side) and 2^53 fen products.
// The quick path gives statuses and amounts; everything else of a line is the decimal path's own.
const policy = loadPolicy();

const boundaryYuan = fc.oneof(
  fc.integer({ min: 0, max: 99_999_999 }).map((f) => (f / 100).toFixed(2)),
  // x.x5 and x.x50: half a fen after × 10%, ×30%; 3333333.33 and friends near caps.
  fc.tuple(fc.integer({ min: 0, max: 50_000_000 }), fc.constantFrom('.05', '.15', '.25', '.35', '.45', '.50', '.95', '.33', '.67', '.99')).map(([y, f]) => `${y}${f}`),
  fc.constantFrom('4000000', '3333333.33', '3333333.34', '33333333.33', '40000000', '40000000.01', '39999999.99', '2500000', '1000000', '100000', '10000000', '300000', '1500000'),
  // Products past 2^53 fen (the BigInt path): near 1万亿 yuan.
  fc.integer({ min: 900_000_000_000, max: 999_999_999_999 }).map((y) => `${y}.${String(y % 100).padStart(2, '0')}`),
);
const date = fc.constantFrom('2016-05-01', '2018-02-05', '2018-02-06', '2019-02-28', '2019-06-01', '2020-02-29', '2020-12-31', '2021-03-01');
const level = fc.constantFrom('city', 'region', 'national');
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 10 });
const bool = fc.boolean();

function list(key: string, entry: fc.Arbitrary<Record<string, unknown>>) {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constant(`${key}: none\n`) },
    {
      weight: 4,
      arbitrary: fc.array(entry, { minLength: 1, maxLength: 4 }).map(
        (xs) => `${key}:\n${xs.map((x) => `  - {${Object.entries(x).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')}}`).join('\n')}\n`,
      ),
    },
  );
}

const enterprise = fc
  .tuple(
    maybe(fc.constantFrom('new-energy-vehicles', 'urban-rail', 'bio-pharma', 'none')),
    list('projects', fc.record({ type: fc.constantFrom('newly-introduced', 'technical-renovation', 'rd', 'civil-military'), plant_equipment_investment: maybe(boundaryYuan), rd_spending: maybe(boundaryYuan), actual_investment: maybe(boundaryYuan), approval_level: maybe(level), approval_date: maybe(date), date: maybe(date) })),
    list('recognitions', fc.record({ name: maybe(fc.constantFrom('A', 'B')), type: fc.constantFrom('smart-workshop', 'smart-factory', 'industrial-design-centre', 'industrial-design-award', 'gjb-certificate', 'weapons-production-licence'), level: maybe(level), date: maybe(date) })),
    list('mergers', fc.record({ acquirer_renowned: maybe(bool), produces_in_liuzhou: maybe(bool), added_registered_capital: maybe(boundaryYuan), date: maybe(date) })),
    list('platform', fc.record({ serves_liuzhou_third_party: maybe(bool), operating_since: maybe(date), previous_year_service_revenue: maybe(boundaryYuan) })),
    list('design_outsourcing', fc.record({ performed_amount: maybe(boundaryYuan), date: maybe(date) })),
    list('pledge_financing', fc.record({ collateral: fc.constantFrom('ip', 'receivables'), borrower_sei: maybe(bool), evaluation_fee: maybe(boundaryYuan), loan_amount: maybe(boundaryYuan), loan_term: fc.constant('up-to-1y'), loan_date: maybe(date), loan_due_date: maybe(date) })),
    list('financing', fc.record({ type: fc.constantFrom('bond', 'ipo', 'neeq'), amount: maybe(boundaryYuan), date: maybe(date) })),
    // The case's own benchmark rate (an override of the policy's schedule), now and then.
    fc.option(fc.constantFrom('4.35%', '4.75%', '3.1%', '4.123%', '0%'), { nil: undefined, freq: 4 }),
  )
  .map(([ind, projects, recognitions, mergers, platform, design, pledges, financing, rate]) => {
    const lists = [projects, recognitions, mergers, platform, design, pledges, financing].join('');
    const parameters = rate ? `parameters:\n  benchmark_lending_rate:\n    up-to-1y: ${rate}\n` : '';
    return `name: e\nkind: enterprise\n${ind ? `industry: ${ind}\n` : ''}rd_institution: none\ntalent: none\n${lists}${parameters}`;
  });
const bank = list('pledge_financing', fc.record({ collateral: fc.constantFrom('ip', 'receivables'), borrower_sei: maybe(bool), approved_amount: maybe(boundaryYuan), loan_date: maybe(date) })).map((l) => `name: b\nkind: bank\n${l}`);
const institution = fc
  .tuple(list('projects', fc.record({ type: fc.constant('testing-institution-setup'), actual_investment: maybe(boundaryYuan) })), maybe(date))
  .map(([l, est]) => `name: t\nkind: testing-institution\n${est ? `established_date: ${est}\n` : ''}${l}`);
const rdInstitution = list('rd_institution', fc.record({ form: fc.constantFrom('public', 'branch'), founder_renowned: maybe(bool), founder_national_carrier: maybe(bool), established_date: maybe(date), previous_year_rd_spending: maybe(boundaryYuan) })).map(
  (l) => `name: r\nkind: research-institution\n${l}`,
);

/** An enterprise recognised for one thing at several levels, some on the same day (the levels' readings). */
const levelled = fc
  .tuple(
    fc.constantFrom('smart-workshop', 'smart-factory', 'industrial-design-centre'),
    fc.array(fc.record({ name: maybe(fc.constantFrom('A', 'B')), level: level, date: fc.constantFrom('2018-03-01', '2019-06-01', '2019-06-01', '2020-05-01') }), { minLength: 2, maxLength: 4 }),
  )
  .map(
    ([type, xs]) =>
      `name: e\nkind: enterprise\nindustry: urban-rail\nrecognitions:\n${xs.map((x) => `  - {type: ${type}, level: ${x.level}, date: ${x.date}${x.name ? `, name: ${x.name}` : ''}}`).join('\n')}\n`,
  );

/** Any choice of the policy's readings (each reading left at its default about half the time). */
const readings = fc.tuple(...policy.readings.map((r) => fc.option(fc.constantFrom(...r.alternatives.map((a) => a.id)), { nil: undefined }))).map((alts) => {
  const out: Record<string, string> = {};
  policy.readings.forEach((r, i) => {
    const alt = alts[i];
    if (alt !== undefined) out[r.id] = alt;
  });
  return out;
});

/** What a result says about amounts: statuses, amounts, missing facts and assumptions, per item and in all. */
function outcome(r: ReturnType<typeof evaluate>) {
  return {
    total: [moneyString(r.total.low), moneyString(r.total.high)],
    counts: r.counts,
    items: r.items.map((i) => ({ id: i.id, status: i.status, amount: i.amount && [moneyString(i.amount.low), moneyString(i.amount.high)], missing: i.missing, assumptions: i.assumptions.map((a) => a.en) })),
  };
}

/** The lines a batch reads, as forEachLineOutcome gives them. */
function lineOutcomes(r: ReturnType<typeof evaluate>) {
  const out: unknown[] = [];
  forEachLineOutcome(r, (o) => out.push({ item: o.item.id, status: o.status, record: o.record, missing: [...o.missing], amount: o.amount && [moneyString(o.amount.low), moneyString(o.amount.high)] }));
  return out;
}

describe('the quick path', () => {
  it('gives the decimal path’s statuses and amounts, to the fen, under any readings', () => {
    const seen = { cases: 0, applies: 0 };
    fc.assert(
      fc.property(fc.oneof(enterprise, enterprise, levelled, bank, institution, rdInstitution), date, readings, (text, asOf, chosen) => {
        const parsed = parseCase(text, policy, 'case.yaml');
        if (!parsed.case) return;
        const decimal = evaluate(policy, parsed.case, { asOf, readings: chosen, trace: true });
        const quick = evaluate(policy, parsed.case, { asOf, readings: chosen, trace: false });
        seen.cases++;
        seen.applies += quick.counts.applies;
        expect(outcome(quick)).toEqual(outcome(decimal));
        expect(lineOutcomes(quick)).toEqual(lineOutcomes(decimal));
      }),
      { numRuns: 400, seed: 2026 },
    );
    expect(seen.cases).toBeGreaterThan(250);
    expect(seen.applies).toBeGreaterThan(100);
  });

  it('agrees on shapes the shipped policy does not use: N yearly payments with no window, caps per year across entries, levels by name', () => {
    // The shipped policy, with some items given other shapes (new objects: nothing cached is shared).
    const reshaped = {
      ...policy,
      items: policy.items.map((item) => {
        if (item.id === 'design-outsourcing') return { ...item, years: 3 };
        if (item.id === 'bond') return { ...item, caps: item.caps.map((cap) => ({ ...cap, per: 'applicant-year' as const })) };
        if (item.id === 'smart-factory') return { ...item, levels: { combine: 'difference' as const, sameThing: policy.lists.get('recognitions')?.fields.get('name') } };
        if (item.id === 'industrial-design-centre') return { ...item, levels: { combine: 'highest' as const } };
        return item;
      }),
    };
    let compared = 0;
    fc.assert(
      fc.property(fc.oneof(enterprise, levelled), date, (text, asOf) => {
        const parsed = parseCase(text, reshaped, 'case.yaml');
        if (!parsed.case) return;
        compared++;
        const decimal = evaluate(reshaped, parsed.case, { asOf, trace: true });
        const quick = evaluate(reshaped, parsed.case, { asOf, trace: false });
        expect(outcome(quick)).toEqual(outcome(decimal));
        expect(lineOutcomes(quick)).toEqual(lineOutcomes(decimal));
      }),
      { numRuns: 200, seed: 11 },
    );
    expect(compared).toBeGreaterThan(100);
  });

  it('combines several levels of one thing alike (the highest only, or the difference in date order)', () => {
    fc.assert(
      fc.property(levelled, fc.constantFrom('highest', 'difference'), (text, combine) => {
        const parsed = parseCase(text, policy, 'case.yaml');
        if (!parsed.case) throw new Error(text);
        const options = { asOf: '2021-03-01', readings: { levels: combine } };
        const decimal = evaluate(policy, parsed.case, { ...options, trace: true });
        const quick = evaluate(policy, parsed.case, { ...options, trace: false });
        expect(outcome(quick)).toEqual(outcome(decimal));
        expect(lineOutcomes(quick)).toEqual(lineOutcomes(decimal));
      }),
      { numRuns: 600, seed: 5 },
    );
  });

  it('rounds interest payable in the year (days/360) as the decimal path does, on the half fen too', () => {
    // 9000 × 4.35% × 1/360 × 50% = 0.54375 yuan; 7200 × 4.35% × 300/360 × 50% = 130.5 yuan exactly;
    // a tie at half a fen: 3600 × 4.35% × 10/360 × 50% = 2.175 → 2.18. Every day of a year as the due date.
    const loans = fc.constantFrom('9000', '7200', '3600', '123456.78', '1000000', '999999999999.99', '0.01');
    const due = fc.integer({ min: 0, max: 400 }).map((d) => {
      const t = new Date(Date.UTC(2019, 0, 1) + d * 86_400_000);
      return t.toISOString().slice(0, 10);
    });
    fc.assert(
      fc.property(loans, fc.constantFrom('2019-01-01', '2019-03-15', '2019-12-31'), fc.option(due, { nil: undefined }), fc.constantFrom('up-to-1y', 'over-5y'), fc.constantFrom(undefined, '4.35%', '4.123%'), (loan, from, until, term, rate) => {
        const text = `name: e\nkind: enterprise\nindustry: urban-rail\npledge_financing:\n  - {collateral: ip, evaluation_fee: 0, loan_amount: ${loan}, loan_term: ${term}, loan_date: ${from}${until ? `, loan_due_date: ${until}` : ''}}\n${rate ? `parameters:\n  benchmark_lending_rate:\n    ${term}: ${rate}\n` : ''}`;
        const c = parseCase(text, policy, 'case.yaml').case;
        if (!c) throw new Error(text);
        const quick = evaluate(policy, c, { asOf: '2020-12-31', trace: false });
        expect(quickFormOf(quick)).toBeDefined();
        const decimal = evaluate(policy, c, { asOf: '2020-12-31', trace: true });
        expect(outcome(quick)).toEqual(outcome(decimal));
      }),
      { numRuns: 300, seed: 20 },
    );
    const tie = parseCase('name: e\nkind: enterprise\nindustry: urban-rail\npledge_financing:\n  - {collateral: ip, evaluation_fee: 0, loan_amount: 3600, loan_term: up-to-1y, loan_date: 2019-03-01, loan_due_date: 2019-03-11}\n', policy, 'case.yaml').case;
    if (!tie) throw new Error('the case does not parse');
    for (const trace of [true, false]) {
      const r = evaluate(policy, tie, { asOf: '2020-12-31', trace });
      expect(outcome(r).items.find((i) => i.id === 'ip-pledge-interest')?.amount).toEqual(['0.00', '2.18']);
    }
  });

  it('leaves a case it cannot take exactly to the decimal path', () => {
    // A benchmark rate of 20 significant digits: its product with a loan is past what the quick
    // path holds exactly in a number, so the whole case is evaluated by the decimal path.
    const text =
      'name: e\nkind: enterprise\nindustry: urban-rail\npledge_financing:\n  - {collateral: ip, borrower_sei: true, loan_amount: 123456789.01, loan_term: up-to-1y, loan_date: 2019-06-01}\nparameters:\n  benchmark_lending_rate:\n    up-to-1y: 4.1234567890123456789%\n';
    const c = parseCase(text, policy, 'case.yaml').case;
    if (!c) throw new Error('the case does not parse');
    const lean = evaluate(policy, c, { asOf: '2020-12-31', trace: false });
    expect(quickFormOf(lean)).toBeUndefined();
    expect(outcome(lean)).toEqual(outcome(evaluate(policy, c, { asOf: '2020-12-31', trace: true })));
    const ordinary = parseCase(text.replace('4.1234567890123456789%', '4.35%'), policy, 'case.yaml').case;
    if (!ordinary) throw new Error('the case does not parse');
    expect(quickFormOf(evaluate(policy, ordinary, { asOf: '2020-12-31', trace: false }))).toBeDefined();
  });

  it('builds a line’s details when first read, the same as the decimal path’s', () => {
    const text = 'name: e\nkind: enterprise\nindustry: new-energy-vehicles\nprojects:\n  - {type: newly-introduced, plant_equipment_investment: 3333333.35, date: 2019-06-01}\n';
    const c = parseCase(text, policy, 'case.yaml').case;
    if (!c) throw new Error('the case does not parse');
    const quick = evaluate(policy, c, { asOf: '2020-12-31', trace: false });
    const item = quick.items.find((i) => i.id === 'project-investment');
    // 3333333.35 × 10% = 333333.335 → 333333.34 (half up); × 12% = 400000.002 → 400000.00.
    expect(item?.amount && [moneyString(item.amount.low), moneyString(item.amount.high)]).toEqual(['333333.34', '400000.00']);
    expect(item?.lines[0]?.caps.map((cap) => moneyString(cap.amount))).toEqual(['4000000.00']);
    expect(JSON.stringify(quick, (k, v) => (k === 'conditions' ? undefined : v))).toBe(
      JSON.stringify(evaluate(policy, c, { asOf: '2020-12-31', trace: true }), (k, v) => (k === 'conditions' ? undefined : v)),
    );
  });
});
