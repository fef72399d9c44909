// Profiling aid: evaluates the rich generated cases in rounds of about a second and prints the
// best and median round in cases per CPU second (the best round is the one least disturbed by
// other load on the machine). `node --cpu-prof bench/profile-evaluate.mjs [trace] [rounds]`.
import { evaluate, loadPolicy, parseCase } from '../dist/index.js';
import { richCases } from './generate.mjs';

const trace = process.argv[2] === 'trace';
const rounds = Number(process.argv[3] ?? 8);
const policy = loadPolicy();
const cases = richCases(2000).map((text) => parseCase(text, policy, 'case.yaml').case);
for (const c of cases) evaluate(policy, c, { asOf: '2020-12-31', trace }); // warm up
const rates = [];
for (let r = 0; r < rounds; r++) {
  const cpu0 = process.cpuUsage();
  let n = 0;
  let cpu;
  do {
    for (const c of cases) evaluate(policy, c, { asOf: '2020-12-31', trace });
    n += cases.length;
    cpu = process.cpuUsage(cpu0);
  } while (cpu.user + cpu.system < 1e6);
  rates.push(n / ((cpu.user + cpu.system) / 1e6));
}
rates.sort((a, b) => b - a);
console.log(`trace ${trace ? 'on' : 'off'}: best ${Math.round(rates[0])}, median ${Math.round(rates[rates.length >> 1])} cases per CPU s`);
