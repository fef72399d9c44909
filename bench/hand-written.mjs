// The speed reference for `evaluate`: what a careful developer would write by hand for this one
// policy, with decimal.js and no policy-as-data — each Liuzhou item an `if` over the same parsed
// cases the library evaluates (the bench's rich cases), basis × rate, the cap, rounding to the fen
// half-up, and the total. It simplifies (no readings, no windows, no judgement facts, no shared
// cap), so its totals are not compared: it is only the yardstick `npm run bench` divides by.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const Decimal = createRequire(join(process.cwd(), 'package.json'))('decimal.js').clone({ precision: 40, rounding: 4 });
const ISSUED = '2018-02-06';
const ZERO = new Decimal(0);

const dated = (date, asOf) => typeof date === 'string' && date >= ISSUED && date <= asOf;
const percent = (base, low, high, cap) => {
  const b = new Decimal(base);
  const c = new Decimal(cap);
  return [Decimal.min(b.times(low), c).toDecimalPlaces(2), Decimal.min(b.times(high), c).toDecimalPlaces(2)];
};
const LEVEL = {
  'smart-workshop': { national: 300000, region: 200000, city: 100000 },
  'smart-factory': { national: 500000, region: 300000 },
  'industrial-design-centre': { national: 500000, region: 300000 },
  'industrial-design-award': { national: 50000, region: 20000 },
};
const CERTIFICATES = new Set(['confidentiality-qualification', 'gjb-certificate', 'contractor-certificate']);
const MAIN = new Set(['newly-introduced', 'technical-renovation', 'new-product-industrialisation']);

/** The items one applicant gets, each { id, low, high } in decimals, and the total. */
export function handWritten(c, asOf, seiIndustries) {
  const out = [];
  const add = (id, low, high) => out.push({ id, low: new Decimal(low), high: new Decimal(high) });
  const f = c.facts;
  const lists = c.lists;
  const sei = seiIndustries.has(f.industry);
  if (f.kind === 'enterprise') {
    for (const p of lists.projects ?? []) {
      if (!sei) break;
      if (MAIN.has(p.type) && p.plant_equipment_investment) add('project-investment', ...percent(p.plant_equipment_investment, '0.10', '0.12', 4e6));
      if (p.type === 'rd' && p.rd_spending) add('rd-project', ...percent(p.rd_spending, '0.12', '0.15', 5e5));
      if (p.type === 'civil-military' && p.actual_investment && dated(p.approval_date, asOf)) add('civil-military-project', ...percent(p.actual_investment, '0.15', '0.15', 5e5));
    }
    for (const r of lists.recognitions ?? []) {
      if (!dated(r.date, asOf)) continue;
      const amount = LEVEL[r.type]?.[r.level];
      if (amount) add(r.type, amount, amount);
      else if (sei && CERTIFICATES.has(r.type)) add('military-certificates', 50000, 50000);
      else if (r.type === 'weapons-production-licence') add('weapons-licence', 100000, 100000);
    }
    for (const m of lists.mergers ?? []) if (sei && m.acquirer_renowned && m.produces_in_liuzhou && m.added_registered_capital) add('merger', ...percent(m.added_registered_capital, '0.10', '0.10', 3e6));
    for (const p of lists.platform ?? []) {
      if (p.serves_liuzhou_third_party && p.previous_year_service_revenue && p.operating_since <= `${Number(asOf.slice(0, 4)) - 1}${asOf.slice(4)}`) {
        add('it-platform', ...percent(p.previous_year_service_revenue, '0.20', '0.20', 5e5));
      }
    }
    for (const d of lists.design_outsourcing ?? []) if (sei && d.performed_amount) add('design-outsourcing', ...percent(d.performed_amount, '0.10', '0.10', 3e5));
    for (const p of lists.pledge_financing ?? []) {
      if (!sei || p.collateral !== 'ip' || !dated(p.loan_date, asOf)) continue;
      const fee = new Decimal(p.evaluation_fee ?? 0).times('0.3');
      const interest = new Decimal(p.loan_amount ?? 0).times('0.0435').times('0.5');
      add('ip-pledge', ZERO, Decimal.min(fee.plus(interest), 3e5).toDecimalPlaces(2));
    }
    for (const x of lists.financing ?? []) {
      if (!sei || !dated(x.date, asOf)) continue;
      if (x.type === 'bond' && x.amount) add('bond', ...percent(x.amount, '0.01', '0.01', 5e5));
      if (x.type === 'ipo' && x.amount) add('ipo', ...percent(x.amount, '0.01', '0.01', 1e6));
      if (x.type === 'neeq') add('neeq', 100000, 100000);
    }
  } else if (f.kind === 'bank') {
    for (const p of lists.pledge_financing ?? []) {
      if (!p.borrower_sei || !p.approved_amount) continue;
      if (p.collateral === 'ip') add('bank-ip-pledge', ...percent(p.approved_amount, '0.01', '0.01', 1e5));
      else add('bank-other-pledge', ...percent(p.approved_amount, '0.001', '0.001', 1e5));
    }
  } else if (f.kind === 'testing-institution') {
    for (const p of lists.projects ?? []) if (p.type === 'testing-institution-setup' && p.actual_investment) add('testing-institution-setup', ...percent(p.actual_investment, '0.15', '0.15', 5e5));
    for (const r of lists.recognitions ?? []) if (r.type === 'metrology-certification' && dated(r.date, asOf)) add('metrology-certification', 100000, 100000);
  } else if (f.kind === 'park') {
    for (const r of lists.recognitions ?? []) if (r.type === 'demonstration-base' && r.level === 'city' && dated(r.date, asOf)) add('demonstration-base', 1e6, 1e6);
  }
  let low = ZERO;
  let high = ZERO;
  for (const item of out) {
    low = low.plus(item.low);
    high = high.plus(item.high);
  }
  return { items: out, low, high };
}
