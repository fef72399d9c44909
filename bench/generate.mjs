// Deterministic inputs for the benchmark: the batch CSVs (mixed applicants, about 1% invalid
// rows) and rich one-applicant cases for `evaluate` alone. Same seed, same files, every run.
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';

// 30 columns: applicant facts, and one entry each of projects, recognitions, financing, platform and pledge financing.
const HEADER = [
  'applicant_id', 'name', 'kind', 'industry', 'established_date', 'project_id',
  'projects.name', 'projects.type', 'projects.plant_equipment_investment', 'projects.fixed_asset_investment',
  'projects.rd_spending', 'projects.actual_investment', 'projects.higher_level_funding', 'projects.approval_level', 'projects.approval_date',
  'recognitions.type', 'recognitions.level', 'recognitions.date',
  'financing.type', 'financing.amount', 'financing.date',
  'platform.name', 'platform.serves_liuzhou_third_party', 'platform.operating_since', 'platform.previous_year_service_revenue',
  'pledge_financing.collateral', 'pledge_financing.evaluation_fee', 'pledge_financing.loan_amount', 'pledge_financing.loan_term', 'pledge_financing.loan_date',
];

/** A small deterministic PRNG (mulberry32). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INDUSTRIES = ['new-energy-vehicles', 'high-end-equipment', 'new-materials', 'electronic-information', 'urban-rail', 'none', '新能源汽车产业'];
const PROJECT_TYPES = ['newly-introduced', 'technical-renovation', 'new-product-industrialisation', 'rd', 'civil-military', '技术改造项目'];
const REC_TYPES = ['smart-workshop', 'smart-factory', 'smart-manufacturing-pilot', 'industrial-design-centre', 'engineering-centre'];
const LEVELS = ['national', 'region', 'city'];
const FIN = ['bond', 'ipo', 'neeq'];

function row(rand, applicant, n, applicantFacts) {
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const money = (max) => `${Math.floor(rand() * max)}万`;
  const date = () => `20${18 + Math.floor(rand() * 3)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
  const maybe = (p, f) => (rand() < p ? f() : '');
  const cells = [
    `A${applicant}`, ...applicantFacts, `P${n}`,
    `"项目 ${n}, 二期"`, pick(PROJECT_TYPES), money(8000), maybe(0.3, () => money(30000)),
    maybe(0.4, () => money(2000)), maybe(0.3, () => money(9000)), maybe(0.5, () => pick(['是', '否', 'true'])), maybe(0.1, () => pick(['national', 'region'])), maybe(0.1, date),
    ...(rand() < 0.3 ? [pick(REC_TYPES), pick(LEVELS), date()] : ['', '', '']),
    ...(rand() < 0.2 ? [pick(FIN), money(90000), date()] : ['', '', '']),
    ...(rand() < 0.1 ? [`平台${n}`, 'yes', date(), money(600)] : ['', '', '', '']),
    ...(rand() < 0.1 ? ['ip', money(20), money(3000), pick(['up-to-1y', '1y-5y', 'over-5y']), date()] : ['', '', '', '', '']),
  ];
  // About 1% of rows carry a mistyped amount: they must come out invalid, not stop the run.
  if (rand() < 0.01) cells[8] = '三千五';
  return cells.join(',');
}

/** Writes a batch CSV of `rows` project rows (1–4 rows per applicant), unless it exists already. */
export async function generateCsv(rows, file) {
  if (existsSync(file)) return;
  const rand = prng(rows);
  const out = createWriteStream(file);
  out.write(`${HEADER.join(',')}\n`);
  let n = 0;
  let applicant = 0;
  let buf = '';
  while (n < rows) {
    applicant++;
    const facts = [`柳州某企业${applicant}有限公司`, 'enterprise', INDUSTRIES[applicant % INDUSTRIES.length], ''];
    const size = 1 + Math.floor(rand() * 4);
    for (let k = 0; k < size && n < rows; k++) {
      n++;
      buf += `${row(rand, applicant, n, facts)}\n`;
    }
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

// Rich one-applicant cases for `evaluate` alone, as project files: mostly enterprises with a
// project and several recognitions, mergers, a platform, outsourced design, an IP pledge and
// financing; some banks, parks and testing institutions. Amounts are whole yuan of every size,
// so caps bind on some cases and not on others.
const SEI_INDUSTRIES = ['urban-rail', 'smart-grid', 'prefabricated-construction', 'industrial-big-data', 'new-energy-vehicles', 'high-end-equipment', 'electronic-information', 'new-materials', 'energy-saving-environmental', 'bio-pharma', 'industrial-logistics'];
const CASE_KINDS = ['enterprise', 'enterprise', 'enterprise', 'enterprise', 'bank', 'park', 'testing-institution'];
const MAIN_PROJECTS = ['newly-introduced', 'technical-renovation', 'new-product-industrialisation', 'rd', undefined];
const AWARD_LEVELS = [undefined, undefined, 'city', 'region', 'national'];
const CERTIFICATES = ['confidentiality-qualification', 'gjb-certificate', 'contractor-certificate'];

const flow = (o) => `{${Object.entries(o).map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
const list = (key, xs) => (xs.length ? `${key}:\n${xs.map((x) => `  - ${flow(x)}`).join('\n')}\n` : `${key}: none\n`);

/** `n` project files (YAML text), deterministic. */
export function richCases(n, seed = 7) {
  const rand = prng(seed);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const yuan = (max) => Math.floor(rand() * max);
  const chance = (p) => rand() < p;
  const out = [];
  for (let i = 0; i < n; i++) {
    const kind = pick(CASE_KINDS);
    let text = `name: case ${i}\nkind: ${kind}\n`;
    if (kind === 'bank') {
      const p = [];
      if (chance(0.9)) p.push({ collateral: 'ip', borrower_sei: true, approved_amount: yuan(2e7) });
      if (chance(0.9)) p.push({ collateral: 'receivables', borrower_sei: chance(0.9), approved_amount: yuan(2e8) });
      text += list('pledge_financing', p);
    } else if (kind === 'park') {
      text += list('recognitions', [{ type: 'demonstration-base', level: 'city', date: '2019-06-01' }]);
    } else if (kind === 'testing-institution') {
      text += 'established_date: 2019-03-01\n';
      text += list('projects', chance(0.5) ? [{ type: 'testing-institution-setup', actual_investment: yuan(6e6) }] : []);
      text += list('recognitions', chance(0.3) ? [{ type: 'metrology-certification', level: 'national', date: '2019-06-01' }] : []);
    } else {
      text += `industry: ${chance(0.85) ? pick(SEI_INDUSTRIES) : 'none'}\n`;
      const projects = [];
      const main = pick(MAIN_PROJECTS);
      if (main) projects.push({ type: main, plant_equipment_investment: yuan(8e7), rd_spending: yuan(8e6) });
      if (chance(0.05)) projects.push({ type: 'civil-military', approval_level: 'national', approval_date: '2019-06-01', actual_investment: yuan(6e6) });
      const rec = [];
      const workshop = pick(AWARD_LEVELS);
      if (workshop) rec.push({ type: 'smart-workshop', level: workshop, date: chance(0.9) ? '2019-06-01' : '2017-06-01' });
      const factory = pick(AWARD_LEVELS);
      if (factory === 'national' || factory === 'region') rec.push({ type: 'smart-factory', level: factory, date: '2019-06-01' });
      const centre = pick(AWARD_LEVELS);
      if (centre === 'national' || centre === 'region') rec.push({ type: 'industrial-design-centre', level: centre, date: '2019-06-01' });
      const award = pick(AWARD_LEVELS);
      if (award === 'national' || award === 'region') rec.push({ type: 'industrial-design-award', level: award, date: '2019-06-01' });
      const certs = Math.floor(rand() * 4);
      for (let k = 0; k < certs; k++) rec.push({ type: CERTIFICATES[k], date: '2019-06-01' });
      if (chance(0.05)) rec.push({ type: 'weapons-production-licence', date: '2019-06-01' });
      text += list('projects', projects) + list('recognitions', rec);
      text += list('mergers', chance(0.1) ? [{ acquirer_renowned: true, produces_in_liuzhou: chance(0.8), added_registered_capital: yuan(6e7) }] : []);
      const months = Math.floor(rand() * 30);
      const since = `${2020 - Math.floor(months / 12)}-${String(12 - (months % 12)).padStart(2, '0')}-01`;
      text += list('platform', months > 0 ? [{ serves_liuzhou_third_party: true, operating_since: since, previous_year_service_revenue: yuan(5e6) }] : []);
      text += list('design_outsourcing', chance(0.7) ? [{ performed_amount: yuan(5e6) }] : []);
      text += list('pledge_financing', chance(0.8) ? [{ collateral: 'ip', borrower_sei: true, evaluation_fee: yuan(2e5), loan_amount: yuan(2e7), loan_term: 'up-to-1y', loan_date: '2019-06-01' }] : []);
      const fin = [];
      if (chance(0.05)) fin.push({ type: 'bond', amount: yuan(5e8), date: '2019-06-01' });
      if (chance(0.02)) fin.push({ type: 'ipo', amount: yuan(1e9), date: '2019-06-01' });
      if (chance(0.05)) fin.push({ type: 'neeq', date: '2019-06-01' });
      text += `${list('financing', fin)}rd_institution: none\ntalent: none\n`;
    }
    out.push(text);
  }
  return out;
}
