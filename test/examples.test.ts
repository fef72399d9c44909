import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCase } from '../src/case/load.js';
import { evaluate } from '../src/engine/evaluate.js';
import { loadPolicy } from '../src/policy/load.js';

// Every example, computed by hand from the policy text (amounts in yuan, to the fen).
// Each line names the clause and the arithmetic, so a reader can check it against the source.
const policy = loadPolicy();
const AS_OF = '2020-12-31';

interface Expected {
  /** Items with an amount that apply: id → "low–high" in yuan. */
  amounts: Record<string, string>;
  /** Items without an amount that apply. */
  unquantified: string[];
  total: string;
}

const EXPECTED: Record<string, Expected> = {
  'ev-battery-renovation': {
    amounts: {
      'project-investment': '3500000.00–4000000.00', // （二十四）3500万 × 10%–12% = 350万–420万, cap 400万
      'smart-manufacturing': '300000.00–300000.00', // （二十九）region workshop 20万 + city workshop 10万
    },
    unquantified: ['project-priority-recommendation', 'guidance-fund-priority', 'land-priority'],
    total: '3800000.00–4300000.00',
  },
  'rail-transit-new-plant': {
    amounts: { 'project-investment': '4000000.00–4000000.00' }, // 6亿 × 10% = 6000万 > 400万: cap binds both ends
    unquantified: ['project-priority-recommendation', 'project-matching-funds', 'guidance-fund-priority', 'land-priority', 'major-project-case-by-case'],
    total: '4000000.00–4000000.00',
  },
  'rd-project': {
    // （二十四）380万 × 12%–15% = 45.6万–57万 → cap 50万; 1,234,567.89 × 12% = 148,148.1468 → 148,148.15,
    // × 15% = 185,185.1835 → 185,185.18
    amounts: { 'rd-project': '604148.15–685185.18' },
    unquantified: ['project-priority-recommendation', 'guidance-fund-priority', 'land-priority'],
    total: '604148.15–685185.18',
  },
  'smart-factory': {
    amounts: {
      'smart-manufacturing': '300000.00–300000.00', // national pilot 30万 (the 2017 city workshop predates the policy)
      'smart-factory': '500000.00–500000.00', // national smart factory 50万
      'it-platform': '1500000.00–1500000.00', // 320万 × 20% = 64万 → 50万 a year × 3 years
    },
    unquantified: ['project-priority-recommendation', 'guidance-fund-priority', 'engineering-centre', 'land-priority'],
    total: '2300000.00–2300000.00',
  },
  'industrial-design-company': {
    amounts: {
      'industrial-design-centre': '300000.00–300000.00', // region 30万
      'industrial-design-award': '50000.00–50000.00', // national 5万
      'design-outsourcing': '560000.00–560000.00', // 260万 × 10% = 26万; 420万 × 10% = 42万 → 30万
    },
    unquantified: ['project-priority-recommendation', 'guidance-fund-priority', 'land-priority'],
    total: '910000.00–910000.00',
  },
  'testing-institute': {
    amounts: {
      'testing-institution-setup': '420000.00–420000.00', // 280万 × 15% = 42万 (cap 50万)
      'metrology-certification': '100000.00–100000.00',
    },
    unquantified: [],
    total: '520000.00–520000.00',
  },
  'civil-military-supplier': {
    amounts: {
      'military-certificates': '100000.00–100000.00', // confidentiality + GJB, 5万 each
      'weapons-licence': '100000.00–100000.00',
      'civil-military-project': '500000.00–500000.00', // 900万 × 15% = 135万 → cap 50万
    },
    unquantified: ['project-priority-recommendation', 'guidance-fund-priority', 'land-priority'],
    total: '700000.00–700000.00',
  },
  bank: {
    amounts: {
      'bank-ip-pledge': '180000.00–180000.00', // 800万 × 1% = 8万; 1500万 × 1% = 15万 → 10万
      'bank-other-pledge': '150000.00–150000.00', // 5000万 × 0.1% = 5万; 2亿 × 0.1% = 20万 → 10万; non-SEI borrower: 0
    },
    unquantified: [],
    total: '330000.00–330000.00',
  },
  park: {
    amounts: { 'demonstration-base': '1000000.00–1000000.00' },
    unquantified: ['demonstration-base-follow-up'],
    total: '1000000.00–1000000.00',
  },
  'university-rd-branch': {
    amounts: {
      'national-rd-branch': '0.00–1000000.00', // 最高100万
      'public-rd-institution': '1260000.00–1500000.00', // 420万 × 10%–15% = 42万–63万 → 50万 cap; × 3 years
    },
    unquantified: ['major-rd-institution'],
    total: '1260000.00–2500000.00',
  },
  'going-public': {
    amounts: {
      'ip-pledge-evaluation-fee': '36000.00–36000.00', // 12万 × 30%
      // 2000万 × 4.75% (1–5 years, from 2015-10-24) = 95万 interest; up to 50% = 47.5万;
      // shared 30万 cap with the fee: 30万 − 3.6万 = 26.4万
      'ip-pledge-interest': '0.00–264000.00',
      bond: '300000.00–300000.00', // 3000万 × 1%
      ipo: '1000000.00–1000000.00', // 6.8亿 × 1% = 680万 → cap 100万
      neeq: '100000.00–100000.00',
    },
    unquantified: ['project-priority-recommendation', 'guidance-fund-priority', 'land-priority'],
    total: '1436000.00–1700000.00',
  },
  'outside-strategic-industries': {
    amounts: { 'smart-manufacturing': '100000.00–100000.00' }, // （二十九）does not require SEI
    unquantified: [],
    total: '100000.00–100000.00',
  },
  merger: {
    amounts: { merger: '3000000.00–3000000.00' }, // 5000万 × 10% = 500万 → cap 300万
    unquantified: ['project-priority-recommendation', 'guidance-fund-priority', 'land-priority'],
    total: '3000000.00–3000000.00',
  },
  'talent-team': {
    amounts: {},
    unquantified: ['top-talent'],
    total: '0.00–0.00',
  },
};

describe('every example matches the hand calculation', () => {
  const files = readdirSync(new URL('../examples/', import.meta.url)).filter((f) => f.endsWith('.yaml'));

  it('has a hand calculation for every example file', () => {
    expect(files.map((f) => f.replace('.yaml', '')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(name, () => {
      const c = loadCase(new URL(`../examples/${name}.yaml`, import.meta.url).pathname, policy);
      const r = evaluate(policy, c, { asOf: AS_OF });
      const amounts = Object.fromEntries(
        r.items.filter((i) => i.status === 'applies' && i.kind === 'amount').map((i) => [i.id, `${i.amount?.low.toFixed(2)}–${i.amount?.high.toFixed(2)}`]),
      );
      expect(amounts).toEqual(expected.amounts);
      expect(r.items.filter((i) => i.status === 'applies' && i.kind === 'unquantified').map((i) => i.id)).toEqual(expected.unquantified);
      expect(`${r.total.low.toFixed(2)}–${r.total.high.toFixed(2)}`).toBe(expected.total);
    });
  }

  it('together, the examples make every item of the policy apply at least once', () => {
    const applied = new Set(Object.values(EXPECTED).flatMap((e) => [...Object.keys(e.amounts), ...e.unquantified]));
    expect(policy.items.map((i) => i.id).filter((id) => !applied.has(id))).toEqual([]);
  });
});

describe('evaluation without the condition trace (batch mode)', () => {
  it('gives the same statuses, amounts, missing facts and assumptions on every example', () => {
    for (const name of Object.keys(EXPECTED)) {
      const c = loadCase(new URL(`../examples/${name}.yaml`, import.meta.url).pathname, policy);
      const full = evaluate(policy, c, { asOf: AS_OF });
      const lean = evaluate(policy, c, { asOf: AS_OF, trace: false });
      const summary = (r: typeof full) =>
        r.items.map((i) => [i.id, i.status, i.amount?.low.toFixed(2), i.amount?.high.toFixed(2), i.missing.join(','), i.assumptions.map((a) => a.en).join(',')]);
      expect(summary(lean)).toEqual(summary(full));
      expect(lean.total.high.toFixed(2)).toBe(full.total.high.toFixed(2));
    }
  });
});
