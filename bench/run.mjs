// `npm run bench`: generates deterministic CSVs (10k, 100k, 1M rows; mixed applicants; about 1%
// invalid rows) under bench/out/ and reports, in one run on this machine:
//   - `subsidy batch`: rows per second and peak RSS;
//   - the I/O floor: the same file through the same reading and CSV writing, with no evaluation;
//   - `evaluate` alone on pre-parsed cases (cases per second, one core);
//   - `subsidy estimate` on one example against bare `node -e 0`.
// Options: --sizes 10000,100000 (default 10000,100000,1000000).
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { loadPolicy, evaluate } from '../dist/index.js';
import { planColumns } from '../dist/batch/columns.js';
import { groupCase, parseRow, sameApplicant } from '../dist/batch/rows.js';

const OUT = 'bench/out';
const AS_OF = '2020-12-31';
const sizesArg = process.argv.indexOf('--sizes');
const SIZES = sizesArg > 0 ? process.argv[sizesArg + 1].split(',').map(Number) : [10_000, 100_000, 1_000_000];

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

/** A small deterministic PRNG (mulberry32), so every run generates the same files. */
function prng(seed) {
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
  if (rand() < 0.01) cells[8] = '三千万';
  return cells.join(',');
}

async function generate(rows, file) {
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

/** Runs a node script, returning wall seconds and peak RSS in MB (via bench/rss.mjs). */
function measure(args) {
  const rssFile = join(OUT, `rss-${process.pid}.txt`);
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', './bench/rss.mjs', ...args], {
    env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const [rss, cpu] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
  rmSync(rssFile);
  return { seconds, cpuSeconds: cpu / 1e6, rssMb: rss / 1024, status: r.status, stderr: r.stderr.toString() };
}

function evaluateAlone(policy, file, limit) {
  const text = readFileSync(file, 'utf8').split('\n').slice(0, limit + 1);
  const plan = planColumns(policy, text[0].split(','), false);
  // The CSV's project names hold a quoted comma: split naively, then drop that cell's second half.
  const cases = [];
  const oneRowCases = [];
  let group = [];
  const close = () => {
    const valid = group.filter((r) => !r.errors.length);
    if (valid.length) {
      const facts = {};
      for (const r of valid) Object.assign(facts, r.facts);
      cases.push(groupCase(facts, valid).case);
    }
    group = [];
  };
  text.slice(1).forEach((line, i) => {
    if (!line) return;
    const cells = line.split(',');
    cells.splice(6, 2, `${cells[6]},${cells[7]}`);
    const r = parseRow(plan, cells, i + 2);
    if (!r.errors.length && r.facts.kind) oneRowCases.push(groupCase({ ...r.facts }, [r]).case);
    if (group.length && !sameApplicant(group[group.length - 1], r)) close();
    group.push(r);
  });
  close();
  // Rates per CPU second of this process (user + system), so that other load on the machine
  // does not count against evaluation; the wall-clock rate is given beside it.
  const rate = (trace, set = cases) => {
    for (let i = 0; i < 2000; i++) evaluate(policy, set[i % set.length], { asOf: AS_OF, trace }); // warm up
    const t = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    let n = 0;
    while (Number(process.hrtime.bigint() - t) < 3e9) {
      for (const c of set) evaluate(policy, c, { asOf: AS_OF, trace });
      n += set.length;
    }
    const cpu = process.cpuUsage(cpu0);
    return { cpu: n / ((cpu.user + cpu.system) / 1e6), wall: n / (Number(process.hrtime.bigint() - t) / 1e9) };
  };
  const rowsPerCase = (text.length - 1) / cases.length;
  const traced = rate(true);
  const lean = rate(false);
  const oneRow = rate(false, oneRowCases);
  return { lean, traced, oneRow, oneRowCases: oneRowCases.length, cases: cases.length, rowsPerCase };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

mkdirSync(OUT, { recursive: true });
const policy = loadPolicy();
const { loadavg, cpus } = await import('node:os');
console.log(`node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}; as of ${AS_OF}\n`);
console.log('rows/s are per wall second, and (in brackets) per CPU second of the process, which other load does not inflate');
console.log('rows       batch rows/s (CPU)    batch RSS   floor rows/s (CPU)    floor RSS   batch/floor CPU time   exit');
for (const rows of SIZES) {
  const file = join(OUT, `batch-${rows}.csv`);
  await generate(rows, file);
  const batch = measure(['bin/subsidy.js', 'batch', file, '-o', join(OUT, `result-${rows}.csv`), '--as-of', AS_OF, '--lang', 'en', '--summary', join(OUT, `summary-${rows}.json`)]);
  const floor = measure(['bench/floor.mjs', file, join(OUT, `floor-${rows}.csv`)]);
  const summary = JSON.parse(readFileSync(join(OUT, `summary-${rows}.json`), 'utf8'));
  if (summary.rows !== rows) throw new Error(`batch wrote ${summary.rows} rows for ${rows}`);
  console.log(
    `${String(rows).padEnd(10)} ${String(Math.round(rows / batch.seconds)).padStart(12)} (${String(Math.round(rows / batch.cpuSeconds)).padStart(6)})  ${batch.rssMb.toFixed(0).padStart(6)} MB  ` +
      `${String(Math.round(rows / floor.seconds)).padStart(12)} (${String(Math.round(rows / floor.cpuSeconds)).padStart(6)})  ${floor.rssMb.toFixed(0).padStart(6)} MB  ${(batch.cpuSeconds / floor.cpuSeconds).toFixed(2).padStart(20)}×   ` +
      `${batch.status} (${summary.invalid} invalid rows, file ${(statSync(file).size / 1e6).toFixed(0)} MB)`,
  );
}

const ev = evaluateAlone(policy, join(OUT, `batch-${SIZES[0]}.csv`), 10_000);
console.log(
  `\nevaluate alone, ${ev.cases} pre-parsed cases (${ev.rowsPerCase.toFixed(2)} rows each), one core: ` +
    `${Math.round(ev.lean.cpu)} cases per CPU second without traces (as batch runs it; ${Math.round(ev.lean.wall)}/s wall), ` +
    `${Math.round(ev.traced.cpu)} with traces (as estimate runs it; ${Math.round(ev.traced.wall)}/s wall)`,
);
console.log(`evaluate alone, ${ev.oneRowCases} one-row cases (one project or entry each), no traces: ${Math.round(ev.oneRow.cpu)} cases per CPU second (${Math.round(ev.oneRow.wall)}/s wall)`);

const times = (args) => median(Array.from({ length: 7 }, () => measure(args).seconds * 1000));
const bare = times(['-e', '0']);
const est = times(['bin/subsidy.js', 'estimate', 'examples/going-public.yaml', '--as-of', AS_OF, '--lang', 'en']);
console.log(`subsidy estimate examples/going-public.yaml: ${est.toFixed(0)} ms (median of 7); node -e 0: ${bare.toFixed(0)} ms`);
