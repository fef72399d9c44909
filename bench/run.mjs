// `npm run bench`: the rows of the speed table (docs: Speed), measured side by side in one run.
//   1. start-up: `subsidy estimate <example>`, `--version` and `--help` against bare `node -e 0`;
//   2. `evaluate` alone on rich generated cases, trace off (as batch runs it) and on (as estimate),
//      and a hand-written decimal.js evaluator of the same items (bench/hand-written.mjs);
//   3. `subsidy batch` against the I/O floor (the same reading and CSV writing, no evaluation),
//      at 100k and 1M rows, with each run's peak RSS;
//   4. the worst cases inside the limits (bench/limits.mjs): a policy item of 100 conditions on
//      1,000 entries (JSON, explain), and one applicant of 50,000 batch rows;
//   5. hostile CSVs (a stray quote, a huge cell), each refused at its limit, in time linear in the input;
//   6. the workbench (`subsidy serve`): the server's time per recompute of the EV example, with its
//      readings compared and its opportunities found, and the memory after 1,000 (bench/web.mjs);
//   7. `npm test` is not run here (its wall time is reported in docs: Speed).
// Every figure is a median over several runs, with the spread (min–max), because the machine is
// shared. Options: --quick (10k rows, fewer runs), --sizes 100000,1000000, --runs N.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { evaluate, loadPolicy, parseCase } from '../dist/index.js';
import { generateCsv, richCases } from './generate.mjs';
import { handWritten } from './hand-written.mjs';
import { limitCases } from './limits.mjs';

const OUT = 'bench/out';
const AS_OF = '2020-12-31';
const EXAMPLE = 'examples/going-public.yaml';
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const QUICK = process.argv.includes('--quick');
const SIZES = (arg('--sizes') ?? (QUICK ? '10000' : '100000,1000000')).split(',').map(Number);
const BATCH_RUNS = Number(arg('--runs') ?? 3);
const START_RUNS = QUICK ? 7 : 15;
const EVAL_ROUNDS = QUICK ? 3 : 5;

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** "median (min–max)", with `digits` decimals. */
const spread = (xs, digits = 0, unit = '') => {
  const s = sorted(xs);
  const f = (x) => x.toFixed(digits);
  return `${f(median(s))}${unit} (${f(s[0])}–${f(s[s.length - 1])})`;
};

/** Runs node with the arguments: wall ms, CPU seconds and peak RSS (MB, via bench/rss.mjs). */
function measure(args, refused = false) {
  const rssFile = join(OUT, `rss-${process.pid}.txt`);
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', './bench/rss.mjs', ...args], {
    env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const [rss, cpu] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
  rmSync(rssFile);
  if (r.status !== 0 && r.status !== 1 && !(refused && r.status === 2)) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, cpuSeconds: cpu / 1e6, rssMb: rss / 1024, status: r.status };
}

/** Start-up: the commands interleaved, so that load on the machine hits them alike. */
function startup() {
  const commands = {
    bare: ['-e', '0'],
    version: ['bin/subsidy.js', '--version'],
    help: ['bin/subsidy.js', '--help'],
    estimate: ['bin/subsidy.js', 'estimate', EXAMPLE, '--as-of', AS_OF, '--lang', 'en'],
  };
  const ms = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  const cpu = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (const args of Object.values(commands)) measure(args); // warm the file cache
  for (let i = 0; i < START_RUNS; i++) {
    for (const [k, args] of Object.entries(commands)) {
      const m = measure(args);
      ms[k].push(m.ms);
      cpu[k].push(m.cpuSeconds * 1000);
    }
  }
  const over = (k) => ms[k].map((x, i) => x - ms.bare[i]);
  const overCpu = (k) => cpu[k].map((x, i) => x - cpu.bare[i]);
  return { ms, cpu, over, overCpu };
}

/** Cases per CPU second of `run` over a round of about a second. */
function round(cases, run) {
  const cpu0 = process.cpuUsage();
  const t = process.hrtime.bigint();
  let n = 0;
  while (Number(process.hrtime.bigint() - t) < 1e9) {
    for (const c of cases) run(c);
    n += cases.length;
  }
  const cpu = process.cpuUsage(cpu0);
  return n / ((cpu.user + cpu.system) / 1e6);
}

/**
 * `evaluate` alone, trace off and on, and the hand-written reference (bench/hand-written.mjs) on
 * the same parsed cases: rounds interleaved, so that load on the machine hits them alike; the
 * ratio is taken round by round.
 */
function evaluateAlone() {
  const policy = loadPolicy();
  const cases = richCases(QUICK ? 2000 : 10_000).map((text, i) => {
    const r = parseCase(text, policy, `case-${i}.yaml`);
    if (!r.case) throw new Error(`generated case ${i} does not parse: ${JSON.stringify(r.problems[0])}`);
    return r.case;
  });
  const lean = (c) => evaluate(policy, c, { asOf: AS_OF, trace: false });
  const traced = (c) => evaluate(policy, c, { asOf: AS_OF, trace: true });
  const hand = (c) => handWritten(c, AS_OF, policy.industryIds);
  for (const c of cases) { lean(c); traced(c); hand(c); } // warm up
  const out = { cases: cases.length, lean: [], traced: [], hand: [], ratio: [] };
  for (let r = 0; r < EVAL_ROUNDS; r++) {
    const h = round(cases, hand);
    const l = round(cases, lean);
    out.hand.push(h);
    out.lean.push(l);
    out.ratio.push(l / h);
    out.traced.push(round(cases, traced));
  }
  return out;
}

/** Batch and floor runs alternate; each pair gives one ratio of CPU time (and one of wall time). */
async function batch(rows) {
  const file = join(OUT, `batch-${rows}.csv`);
  await generateCsv(rows, file);
  const runs = [];
  for (let r = 0; r < BATCH_RUNS; r++) {
    const b = measure(['bin/subsidy.js', 'batch', file, '-o', join(OUT, `result-${rows}.csv`), '--as-of', AS_OF, '--lang', 'en', '--summary', join(OUT, `summary-${rows}.json`)]);
    const f = measure(['bench/floor.mjs', file, join(OUT, `floor-${rows}.csv`)]);
    const summary = JSON.parse(readFileSync(join(OUT, `summary-${rows}.json`), 'utf8'));
    if (summary.rows !== rows) throw new Error(`batch wrote ${summary.rows} rows for ${rows}`);
    runs.push({ b, f, invalid: summary.invalid });
  }
  return { rows, mb: statSync(file).size / 1e6, runs };
}

mkdirSync(OUT, { recursive: true });
console.log(`node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at start`);
console.log('Each figure: median (min–max) over the runs. The machine may be shared: CPU-time ratios are steadier than wall time.\n');

const s = startup();
console.log(`Start-up, ${START_RUNS} interleaved runs each, wall ms (and CPU ms of the process, which other load disturbs less):`);
console.log(`  node -e 0                          ${spread(s.ms.bare, 0, ' ms')} (CPU ${spread(s.cpu.bare, 0, ' ms')})`);
for (const [k, label] of [['version', 'subsidy --version'], ['help', 'subsidy --help'], ['estimate', `subsidy estimate ${EXAMPLE}`]]) {
  const ratio = s.ms[k].map((x, i) => x / s.ms.bare[i]);
  console.log(`  ${label}: ${spread(s.ms[k], 0, ' ms')}, over node -e 0: +${spread(s.over(k), 0, ' ms')}, ${spread(ratio, 2, '×')}; CPU over node -e 0: +${spread(s.overCpu(k), 0, ' ms')}`);
}

const ev = evaluateAlone();
console.log(`\nevaluate alone, ${ev.cases} rich one-applicant cases, one core, cases per CPU second (${EVAL_ROUNDS} rounds):`);
console.log(`  trace off (as batch runs it)   ${spread(ev.lean)}`);
console.log(`  trace on (as estimate runs it) ${spread(ev.traced)}`);
console.log(`  hand-written decimal.js reference (bench/hand-written.mjs) ${spread(ev.hand)}`);
console.log(`  trace off / hand-written, round by round: ${spread(ev.ratio, 2, '×')}`);

const batches = [];
for (const rows of SIZES) batches.push(await batch(rows));
console.log(`\nbatch vs the I/O floor (CSV reader pass-through, same decoder and CSV writer), ${BATCH_RUNS} runs each:`);
for (const { rows, mb, runs } of batches) {
  const col = (f) => runs.map(f);
  console.log(`  ${rows} rows (${mb.toFixed(0)} MB, ${runs[0].invalid} invalid rows):`);
  console.log(`    batch  ${spread(col((r) => rows / r.b.cpuSeconds))} rows per CPU s, ${spread(col((r) => rows / (r.b.ms / 1000)))} rows per wall s, peak RSS ${spread(col((r) => r.b.rssMb), 0, ' MB')}`);
  console.log(`    floor  ${spread(col((r) => rows / r.f.cpuSeconds))} rows per CPU s, ${spread(col((r) => rows / (r.f.ms / 1000)))} rows per wall s, peak RSS ${spread(col((r) => r.f.rssMb), 0, ' MB')}`);
  console.log(`    batch/floor: CPU time ${spread(col((r) => r.b.cpuSeconds / r.f.cpuSeconds), 2, '×')}, wall time ${spread(col((r) => r.b.ms / r.f.ms), 2, '×')}`);
}

const limits = limitCases(OUT).map(([label, args]) => [label, Array.from({ length: QUICK ? 1 : BATCH_RUNS }, () => measure(args))]);
console.log('\nThe worst cases inside the limits (bench/limits.mjs), CPU s and peak RSS:');
for (const [label, runs] of limits) console.log(`  ${label}: ${spread(runs.map((r) => r.cpuSeconds), 2, ' CPU s')}, peak RSS ${spread(runs.map((r) => r.rssMb), 0, ' MB')}`);
// Hostile CSVs, each refused at a limit: the time must not grow with the square of the input.
const HEADER = 'applicant_id,name,kind,industry,projects.name,projects.type,projects.plant_equipment_investment\n';
/** About `mb` MB of valid rows, each its own applicant (so no applicant's rows pile up before the refusal). */
const body = (mb) => {
  const rows = [];
  for (let i = 0, size = 0; size < mb * 1024 * 1024; i++) {
    const row = `A${i},One,enterprise,new-materials,Line,technical-renovation,1000万\n`;
    rows.push(row);
    size += Buffer.byteLength(row);
  }
  return rows.join('');
};
const hostile = [
  ['a stray quote at the start of 16 MB', () => `${HEADER}A0,"Two,x\n${body(16)}`],
  ['a stray quote at the end of 16 MB', () => `${HEADER}${body(16)}A0,"Two,x\n${'y'.repeat(40_000)}\n`],
  ['a stray quote at the start of 32 MB', () => `${HEADER}A0,"Two,x\n${body(32)}`],
  ['one cell of 32 MB', () => `${HEADER}A0,${'7'.repeat(32 * 1024 * 1024)}\n`],
];
console.log('\nhostile CSVs, each refused at its limit (exit 2), wall ms and CPU ms:');
for (const [label, make] of hostile) {
  const file = join(OUT, 'hostile.csv');
  writeFileSync(file, make());
  const r = [0, 1, 2].map(() => measure(['bin/subsidy.js', 'batch', file, '-o', join(OUT, 'hostile-out.csv'), '--as-of', AS_OF], true));
  console.log(`  ${label}: ${spread(r.map((x) => x.ms), 0, ' ms')}, CPU ${spread(r.map((x) => x.cpuSeconds * 1000), 0, ' ms')}, peak RSS ${spread(r.map((x) => x.rssMb), 0, ' MB')}`);
}

// The workbench: every change in the page is one recompute on the server (bench/web.mjs, in-process).
const WEB_RUNS = QUICK ? 200 : 1000;
const webRun = spawnSync(process.execPath, ['--expose-gc', 'bench/web.mjs', String(WEB_RUNS)], { encoding: 'utf8' });
if (webRun.status !== 0) throw new Error(`bench/web.mjs failed: ${webRun.stderr}`);
const web = JSON.parse(webRun.stdout);
console.log(`
the workbench: ${web.n} recomputes of the EV example (POST /estimate: form read, evaluated, readings compared, opportunities found, panel rendered), ms each:`);
console.log(`  median ${web.median.toFixed(1)} ms, p95 ${web.p95.toFixed(1)} ms; RSS ${web.rss100Mb.toFixed(0)} MB after 100, ${web.rssEndMb.toFixed(0)} MB after ${web.n} (peak ${web.peakMb.toFixed(0)} MB); heap after GC ${web.heapAfterGcMb.join(' → ')} MB`);

// The table of the Speed section, ready to paste.
const m = (k) => median(s.over(k));
const bLine = batches.map(({ rows, runs }) => `${median(runs.map((r) => r.b.cpuSeconds / r.f.cpuSeconds)).toFixed(2)}× at ${rows / 1000}k`).join(', ');
const rssLine = batches.map(({ rows, runs }) => `${Math.max(...runs.map((r) => r.b.rssMb)).toFixed(0)} MB at ${rows / 1000}k`).join(', ');
console.log('\n| what | measured (median) | target |\n|---|---|---|');
const mc = (k) => median(s.overCpu(k));
console.log(`| \`subsidy estimate\` vs \`node -e 0\` | +${m('estimate').toFixed(0)} ms wall (${median(s.ms.estimate).toFixed(0)} vs ${median(s.ms.bare).toFixed(0)} ms), +${mc('estimate').toFixed(0)} ms CPU | ≤ +150 ms |`);
console.log(`| \`--version\` / \`--help\` vs \`node -e 0\` | +${m('version').toFixed(0)} / +${m('help').toFixed(0)} ms wall, +${mc('version').toFixed(0)} / +${mc('help').toFixed(0)} ms CPU | ≤ +60 ms |`);
console.log(`| \`evaluate\`, trace off / hand-written decimal.js | ${median(ev.ratio).toFixed(2)}× (${Math.round(median(ev.lean))} vs ${Math.round(median(ev.hand))} cases per CPU s) | ≥ 1.0× |`);
console.log(`| \`subsidy batch\` / I/O floor (CPU time) | ${bLine} | ≤ 1.5× |`);
console.log(`| batch peak RSS (highest run) | ${rssLine} | ≤ 150 MB, flat |`);
for (const [label, runs] of limits) console.log(`| ${label} | ${median(runs.map((r) => r.cpuSeconds)).toFixed(2)} CPU s | ≤ 5 CPU s |`);
console.log(`| workbench recompute (EV example, readings and opportunities) | median ${web.median.toFixed(1)} ms, p95 ${web.p95.toFixed(1)} ms; RSS ${web.rss100Mb.toFixed(0)} → ${web.rssEndMb.toFixed(0)} MB over ${web.n} (heap after GC ${web.heapAfterGcMb[0]} → ${web.heapAfterGcMb.at(-1)} MB) | p95 ≤ 20 ms, flat |`);
