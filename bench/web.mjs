// The workbench's recompute, in-process: the EV battery example posted to /estimate (the form parsed,
// the case evaluated with its readings compared and its opportunities found, the estimate panel and
// the fields' messages rendered) as the page does on every change. Prints one JSON line: the time
// per recompute (median, p95), and the resident memory after 100 and after all the recomputes.
import { loadPolicy } from '../dist/index.js';
import { createApp } from '../dist/web/app.js';

const N = Number(process.argv[2] ?? 1000);
const HOST = '127.0.0.1:4517';
const app = createApp({ policy: loadPolicy(undefined), token: 't', hosts: [HOST], cookie: 'c', toolVersion: 'bench', env: {} });
const EV = [
  ['lang', 'zh'], ['as_of', '2020-12-31'], ['name', '柳州市某新能源电池有限公司'], ['kind', 'enterprise'], ['industry', 'new-energy-vehicles'],
  ['n:projects', '1'], ['projects[0].name', '动力电池电芯产线智能化技术改造'], ['projects[0].type', 'technical-renovation'], ['projects[0].date', '2019-03-01'],
  ['projects[0].plant_equipment_investment', '3500万'], ['projects[0].higher_level_funding', 'false'],
  ['n:recognitions', '2'], ['recognitions[0].type', 'smart-workshop'], ['recognitions[0].level', 'region'], ['recognitions[0].date', '2019-05-01'],
  ['recognitions[1].type', 'smart-workshop'], ['recognitions[1].level', 'city'], ['recognitions[1].date', '2018-11-20'],
];
const headers = { cookie: 'c=t', origin: `http://${HOST}`, 'content-type': 'application/x-www-form-urlencoded' };
async function recompute(i) {
  // A different investment each time, as typing gives: nothing can be served from a cache.
  const body = new URLSearchParams(EV.map(([k, v]) => [k, k === 'projects[0].plant_equipment_investment' ? `${3000 + (i % 1000)}万` : v])).toString();
  const r = await app.request(`http://${HOST}/estimate`, { method: 'POST', body, headers });
  const text = await r.text();
  if (r.status !== 200 || !text.includes('id="total"')) throw new Error(`recompute ${i}: ${r.status}`);
}
for (let i = 0; i < 50; i++) await recompute(i);
const ms = [];
let rss100 = 0;
let peak = 0;
const heaps = [];
for (let i = 0; i < N; i++) {
  const t = process.hrtime.bigint();
  await recompute(i);
  ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  if (i % 50 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  if (i === 99) rss100 = process.memoryUsage().rss;
  if (globalThis.gc && (i === 99 || i === N - 1 || i % 1000 === 999)) {
    globalThis.gc();
    heaps.push(Math.round(process.memoryUsage().heapUsed / 2 ** 20));
  }
}
peak = Math.max(peak, process.memoryUsage().rss);
const sorted = ms.sort((a, b) => a - b);
const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
console.log(JSON.stringify({ n: N, median: at(0.5), p95: at(0.95), rss100Mb: rss100 / 2 ** 20, rssEndMb: process.memoryUsage().rss / 2 ** 20, peakMb: peak / 2 ** 20, heapAfterGcMb: heaps }));
