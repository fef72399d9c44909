import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCase } from '../src/case/load.js';
import { evaluate } from '../src/engine/evaluate.js';
import { loadPolicy } from '../src/policy/load.js';

// Without a trace the engine takes shortcuts (conditions compiled to closures, results shared
// between cases); with it, the general path. Both must say the same thing, to the fen, about every
// item, line, cap and missing fact: only the condition details may differ.
const policy = loadPolicy();

const date = fc.constantFrom('2016-05-01', '2017-06-01', '2018-02-05', '2018-02-06', '2019-06-01', '2020-02-29', '2020-12-31', '2021-03-01', '2023-01-01');
const yuan = fc.oneof(fc.constantFrom('0', '0.01', '100000', '3333333.33', '4000000'), fc.integer({ min: 0, max: 200_000_000 }).map(String));
const level = fc.constantFrom('city', 'region', 'national');
const industry = fc.constantFrom('new-energy-vehicles', 'high-end-equipment', 'urban-rail', 'bio-pharma', 'none');

/** A list: absent (unknown), none, or some entries, some of whose fields may be left out. */
function list(key: string, entry: fc.Arbitrary<Record<string, string | boolean | undefined>>) {
  return fc.oneof(
    fc.constant(''),
    fc.constant(`${key}: none\n`),
    fc.array(entry, { minLength: 1, maxLength: 3 }).map(
      (xs) => `${key}:\n${xs.map((x) => `  - {${Object.entries(x).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`).join(', ')}}`).join('\n')}\n`,
    ),
  );
}
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 12 });

const enterprise = fc
  .tuple(
    maybe(industry),
    list('projects', fc.record({ type: fc.constantFrom('newly-introduced', 'technical-renovation', 'rd', 'civil-military'), plant_equipment_investment: maybe(yuan), rd_spending: maybe(yuan), actual_investment: maybe(yuan), approval_level: maybe(level), approval_date: maybe(date) })),
    list('recognitions', fc.record({ type: fc.constantFrom('smart-workshop', 'smart-factory', 'industrial-design-centre', 'industrial-design-award', 'gjb-certificate'), level: maybe(level), date: maybe(date) })),
    list('mergers', fc.record({ acquirer_renowned: maybe(fc.boolean()), produces_in_liuzhou: maybe(fc.boolean()), added_registered_capital: maybe(yuan) })),
    list('platform', fc.record({ serves_liuzhou_third_party: maybe(fc.boolean()), operating_since: maybe(date), previous_year_service_revenue: maybe(yuan) })),
    list('pledge_financing', fc.record({ collateral: fc.constantFrom('ip', 'receivables'), borrower_sei: maybe(fc.boolean()), evaluation_fee: maybe(yuan), loan_amount: maybe(yuan), loan_term: fc.constant('up-to-1y'), loan_date: maybe(date) })),
    list('financing', fc.record({ type: fc.constantFrom('bond', 'ipo', 'neeq'), amount: maybe(yuan), date: maybe(date) })),
  )
  .map(([ind, ...lists]) => `name: e\nkind: enterprise\n${ind ? `industry: ${ind}\n` : ''}rd_institution: none\ntalent: none\n${lists.join('')}`);
const bank = list('pledge_financing', fc.record({ collateral: fc.constantFrom('ip', 'receivables'), borrower_sei: maybe(fc.boolean()), approved_amount: maybe(yuan) })).map((l) => `name: b\nkind: bank\n${l}`);
const institution = fc
  .tuple(list('projects', fc.record({ type: fc.constant('testing-institution-setup'), actual_investment: maybe(yuan) })), maybe(date))
  .map(([l, est]) => `name: t\nkind: testing-institution\n${est ? `established_date: ${est}\n` : ''}${l}`);

const withoutConditions = (r: unknown) => JSON.stringify(r, (k, v) => (k === 'conditions' ? undefined : v));

describe('evaluation without a trace', () => {
  it('says the same as with the trace, on random cases (conditions aside)', () => {
    const seen = { cases: 0, applies: 0, undetermined: 0 };
    fc.assert(
      fc.property(fc.oneof(enterprise, enterprise, bank, institution), date, (text, asOf) => {
        const parsed = parseCase(text, policy, 'case.yaml');
        if (!parsed.case) return; // a combination the case format refuses: not this test's subject
        const full = evaluate(policy, parsed.case, { asOf, trace: true });
        const lean = evaluate(policy, parsed.case, { asOf, trace: false });
        seen.cases++;
        seen.applies += lean.counts.applies;
        seen.undetermined += lean.counts.cannotDetermine;
        expect(withoutConditions(lean)).toBe(withoutConditions(full));
        // Shared, cached results do not leak between calls.
        expect(withoutConditions(evaluate(policy, parsed.case, { asOf, trace: false }))).toBe(withoutConditions(lean));
      }),
      { numRuns: 300, seed: 12 },
    );
    // The cases are rich enough to matter: most parse, and both paying and undetermined items occur.
    expect(seen.cases).toBeGreaterThan(200);
    expect(seen.applies).toBeGreaterThan(30);
    expect(seen.undetermined).toBeGreaterThan(100);
  });
});
