// Profiling aid: evaluates the rich generated cases in a loop for a few seconds, so that
// `node --cpu-prof bench/profile-evaluate.mjs [trace]` shows where evaluation spends its time.
import { evaluate, loadPolicy, parseCase } from '../dist/index.js';
import { richCases } from './generate.mjs';

const trace = process.argv[2] === 'trace';
const policy = loadPolicy();
const cases = richCases(5000).map((text) => parseCase(text, policy, 'case.yaml').case);
const t = process.hrtime.bigint();
let n = 0;
while (Number(process.hrtime.bigint() - t) < 5e9) {
  for (const c of cases) evaluate(policy, c, { asOf: '2020-12-31', trace });
  n += cases.length;
}
console.log(`${Math.round(n / (Number(process.hrtime.bigint() - t) / 1e9))} cases/s (wall), trace ${trace ? 'on' : 'off'}`);
