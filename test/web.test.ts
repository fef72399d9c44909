import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../src/index.js';
import { createApp, preferredLang } from '../src/web/app.js';
import { CSP } from '../src/web/guard.js';
import { stateFromForm } from '../src/web/state.js';
import { BIN, cli, ROOT } from './helpers/cli.js';

// The workbench's server, in-process (app.request, no port): the one guard (token, Host, Origin,
// body limits, CSP), the live estimate from typed values, and `subsidy serve` itself as a process.

const policy = loadPolicy(undefined);
const HOST = '127.0.0.1:4517';
const app = createApp({ policy, token: 'secret-token', hosts: [HOST, 'localhost:4517'], cookie: 'subsidy-4517', toolVersion: '0.0.0-test', env: { PATH: '/nonexistent' } });
const BASE = `http://${HOST}`;
const COOKIE = { cookie: 'subsidy-4517=secret-token' };
const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  app.request(`${BASE}${path}`, { method: 'POST', body, headers: { ...COOKIE, origin: BASE, ...headers } });

/** The EV battery example (examples/ev-battery-renovation.yaml) as the form posts it, typed the Chinese way. */
const EV: [string, string][] = [
  ['lang', 'zh'], ['as_of', '2020-12-31'], ['name', '柳州市某新能源电池有限公司'], ['kind', 'enterprise'], ['industry', 'new-energy-vehicles'],
  ['n:projects', '1'], ['projects[0].name', '动力电池电芯产线智能化技术改造'], ['projects[0].type', 'technical-renovation'], ['projects[0].date', '2019年3月1日'],
  ['projects[0].plant_equipment_investment', '人民币3500万元整'], ['projects[0].higher_level_funding', 'false'],
  ['n:recognitions', '2'], ['recognitions[0].type', 'smart-workshop'], ['recognitions[0].level', 'region'], ['recognitions[0].date', '2019-05-01'],
  ['recognitions[1].type', 'smart-workshop'], ['recognitions[1].level', 'city'], ['recognitions[1].date', '2018-11-20'],
];
const form = (pairs: [string, string][]) => new URLSearchParams(pairs);
const total = (page: string) => /id="total">([^<]*)</.exec(page)?.[1];

describe('the guard: every request checked in one place', () => {
  it('no token: 403, in one line, with no stack', async () => {
    const r = await app.request(`${BASE}/`);
    expect(r.status).toBe(403);
    const text = await r.text();
    expect(text).toContain('no access token: open the address subsidy serve printed');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    expect((await app.request(`${BASE}/?token=wrong`)).status).toBe(403);
    expect((await app.request(`${BASE}/`, { headers: { cookie: 'subsidy-4517=wrong' } })).status).toBe(403);
  });

  it('the token in the address becomes a SameSite=Strict cookie and leaves the address', async () => {
    const r = await app.request(`${BASE}/?token=secret-token&lang=en`);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/?lang=en');
    expect(r.headers.get('set-cookie')).toBe('subsidy-4517=secret-token; Path=/; HttpOnly; SameSite=Strict');
    const page = await app.request(`${BASE}/`, { headers: COOKIE });
    expect(page.status).toBe(200);
  });

  it('a Host that is not the server (DNS rebinding): 403, even with the token', async () => {
    const r = await app.request(`${BASE}/`, { headers: { ...COOKIE, host: 'evil.example' } });
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('this server does not answer to the name evil.example');
    expect((await app.request(`${BASE}/`, { headers: { ...COOKIE, host: 'localhost:4517' } })).status).toBe(200);
  });

  it('a POST from another Origin: 403, even with the token', async () => {
    const r = await post('/estimate', form(EV), { origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('a request from another site was refused');
    expect((await post('/estimate', form(EV), { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post('/estimate', form(EV))).status).toBe(200);
  });

  it('a 20 MB body: 413, with a length given or streamed without one', async () => {
    const big = 'x'.repeat(20_000_000);
    const r = await post('/form', big, { 'content-length': String(big.length), 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(413);
    expect(await r.text()).toContain('the request is larger than 1 MB, the most this page accepts here');
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new Uint8Array(1_000_000));
        c.close();
      },
    });
    const s = await app.request(`${BASE}/form`, { method: 'POST', body: stream, headers: { ...COOKIE, origin: BASE }, duplex: 'half' } as RequestInit);
    expect(s.status).toBe(413);
  });

  it('a content security policy with no inline script, on every answer', async () => {
    const r = await app.request(`${BASE}/`, { headers: COOKIE });
    expect(r.headers.get('content-security-policy')).toBe(CSP);
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toContain('unsafe-inline');
    const page = await r.text();
    // Every script is a file from this server; none is inline and none from elsewhere.
    expect([...page.matchAll(/<script([^>]*)>/g)].map((m) => m[1])).toEqual([' src="/static/htmx.min.js" defer', ' src="/static/app.js" defer']);
    expect(page).not.toMatch(/https?:\/\//);
    expect((await app.request(`${BASE}/`)).headers.get('content-security-policy')).toBe(CSP);
  });

  it('an applicant named <script>alert(1)</script> is shown as text', async () => {
    const pairs = EV.map(([k, v]): [string, string] => [k, k === 'name' ? '<script>alert(1)</script>' : v]);
    const page = await (await post('/', form(pairs))).text();
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
  });
});

describe('the page', () => {
  it('speaks Chinese when the browser prefers it, English otherwise', async () => {
    expect(preferredLang('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(preferredLang('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
    expect(preferredLang('en;q=0.5,zh-TW')).toBe('zh');
    expect(preferredLang(undefined)).toBe('en');
    const zh = await (await app.request(`${BASE}/`, { headers: { ...COOKIE, 'accept-language': 'zh-CN,zh;q=0.9' } })).text();
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('<label for="f-name">申请单位名称</label>');
    const en = await (await app.request(`${BASE}/`, { headers: { ...COOKIE, 'accept-language': 'en-GB' } })).text();
    expect(en).toContain('<label for="f-name">Applicant name</label>');
  });

  it('the language switch keeps the case', async () => {
    const page = await (await post('/', form([...EV, ['switch_lang', 'en']]))).text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('value="柳州市某新能源电池有限公司"');
    expect(page).toContain('<label for="f-projects-0-plant_equipment_investment">Actual investment in plant and equipment</label>');
    expect(total(page)).toBe('380万–430万');
  });

  it('with JavaScript off, the form posts and the page shows the estimate, typed values read as the CLI reads them', async () => {
    const page = await (await post('/', form(EV))).text();
    const cliRun = await cli(['estimate', 'examples/ev-battery-renovation.yaml', '--as-of', '2020-12-31', '--lang', 'zh'], { cwd: ROOT });
    const cliTotal = /合计\s+(\S+–\S+)/.exec(cliRun.stdout)?.[1];
    expect(cliTotal).toBeDefined();
    expect(total(page)).toBe(cliTotal);
  });

  it('the range to quote sits under the total, as in the report: EV 370万–430万 across the levels reading', async () => {
    const page = await (await post('/estimate', form(EV))).text();
    expect(page).toContain('<div class="unit" id="quotable">可报区间：<strong>370万–430万</strong>（涵盖各种理解：levels）</div>');
  });

  it('an opportunity keeps each amount with its unit on a narrow screen (+50万 never breaks before 万)', async () => {
    const page = await (await post('/estimate', form(EV))).text();
    const part = page.slice(page.indexOf('id="opportunities"'));
    expect(part).toContain('（+<span class="nb">50万</span>）');
  });

  it('a value that cannot be read is shown beside its field, in the page language, and counts as unstated', async () => {
    const pairs = EV.map(([k, v]): [string, string] => [k, k === 'projects[0].plant_equipment_investment' ? '三千五百万多' : v]);
    const zh = await (await post('/estimate', form(pairs))).text();
    expect(zh).toContain('<span class="err" id="f-projects-0-plant_equipment_investment-err" hx-swap-oob="true" aria-live="polite">无法读取：');
    const en = await (await post('/estimate', form(pairs.map(([k, v]): [string, string] => [k, k === 'lang' ? 'en' : v])))).text();
    expect(en).toMatch(/id="f-projects-0-plant_equipment_investment-err"[^>]*>cannot read: /);
  });

  it('"don\'t know" leaves the item cannot-determine and lists the fact to gather', async () => {
    const pairs: [string, string][] = [...EV.filter(([k]) => k !== 'projects[0].plant_equipment_investment'), ['dk', 'projects[0].plant_equipment_investment']];
    const page = await (await post('/', form(pairs))).text();
    expect(page).toContain('<section class="part" id="gather"><h3>待收集（已标为不清楚）</h3><ul class="list"><li>项目 1：厂房、设备实际投资额</li></ul>');
    expect(page).toMatch(/<details class="item" id="item-project-investment"><summary>[^<]* — 无法判断<\/summary>/);
    // The box stays ticked and the field empty, so the next post says the same.
    expect(page).toContain('<input type="checkbox" name="dk" value="projects[0].plant_equipment_investment" checked>');
  });

  it('add and remove entries; a removed entry takes its "don\'t know" marks with it', () => {
    const s = stateFromForm(policy, [...EV, ['dk', 'recognitions[1].date'], ['op', 'remove:recognitions:0']], 'zh');
    expect(s.answers.lists.recognitions).toEqual([{ type: 'smart-workshop', level: 'city', date: '2018-11-20' }]);
    expect([...s.dontKnow]).toEqual(['recognitions[0].date']);
    const added = stateFromForm(policy, [...EV, ['op', 'add:mergers']], 'zh');
    expect(added.answers.lists.mergers).toEqual([{}]);
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function serve(args: string[]): { child: ChildProcess; line: Promise<string>; done: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, env: { ...process.env, LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const line = new Promise<string>((resolve) => {
    child.stdout?.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out);
    });
  });
  child.stderr?.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on("close", (code, signal) => resolve({ code: code ?? (signal as unknown as number), stderr: err })));
  return { child, line, done };
}

describe('subsidy serve', () => {
  it('prints one line with the loopback address and a token; SIGTERM stops it with exit 0', async () => {
    const port = await freePort();
    const s = serve(['--port', String(port)]);
    const line = await s.line;
    expect(line).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{32}\\n$`));
    const r = await fetch(line.trim(), { redirect: 'manual' });
    expect(r.status).toBe(303);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(403);
    s.child.kill('SIGTERM');
    expect(await s.done).toEqual({ code: 0, stderr: '' });
  });

  it('a port in use: one line, exit 2', async () => {
    const port = await freePort();
    const first = serve(['--port', String(port)]);
    await first.line;
    const second = serve(['--port', String(port)]);
    const r = await second.done;
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error  --port: port ${port} is in use: choose another with --port\n`);
    first.child.kill('SIGINT');
    expect((await first.done).code).toBe(0);
  });

  it('another address only when asked, with a warning', async () => {
    const s = serve(['--port', '0', '--host', '0.0.0.0']);
    await s.line;
    s.child.kill('SIGTERM');
    const r = await s.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: --host 0.0.0.0 lets other machines on the network reach the page; anyone with the address below (and its token) can use it\n');
  });
});

describe('a batch uploaded to the page', () => {
  const HX = { ...COOKIE, 'hx-request': 'true' };
  const upload = (name: string, bytes: BlobPart, lang: 'en' | 'zh' = 'en') => {
    const body = new FormData();
    body.set('lang', lang);
    body.set('sheet', new File([bytes], name));
    return body;
  };
  const progressOf = (part: string) => /hx-get="(\/batch\/[^/"]+\/progress)"/.exec(part)?.[1];
  /** Asks for the run's progress as the page does, letting the run go on between asks, until the summary comes: every answer. */
  async function poll(path: string): Promise<string[]> {
    const seen: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const r = await app.request(`${BASE}${path}`, { headers: HX });
      expect(r.status).toBe(200);
      const part = await r.text();
      seen.push(part);
      if (!part.includes('data-running')) return seen;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error('the batch never ended');
  }

  it('with htmx, POST answers at once with a part that polls; the poll ends in the summary of `subsidy batch` for examples/projects.csv', async () => {
    const r = await post('/batch', upload('projects.csv', readFileSync(join(ROOT, 'examples/projects.csv'))), { 'hx-request': 'true' });
    expect(r.status).toBe(200);
    const first = await r.text();
    const path = progressOf(first);
    expect(path).toMatch(/^\/batch\/[\w-]{12}\/progress$/);
    expect(first).toContain(`hx-get="${path}" hx-trigger="load delay:500ms" hx-swap="outerHTML"`);
    expect(first).toMatch(/<p class="batch-progress">Estimating: \d+ rows read, \d+% of the file<\/p>/);
    expect(first).not.toContain('<script');
    const seen = await poll(path as string);
    const part = seen.at(-1) as string;
    // The summary stops the polling: nothing in it asks again.
    expect(part).not.toContain('hx-get');
    expect(part).toContain('<li>total: 870万–926万</li>');
    expect(part).toContain('<li>projects.csv (utf-8): 8 rows read, 7 valid, 1 invalid</li>');
    expect(part).toContain('<li class="err">error  row 9, column &quot;项目.厂房、设备实际投资额&quot; (projects.plant_equipment_investment): &quot;三千五&quot; is not an amount that can be read exactly');
    expect(part.match(/class="err"/g)).toHaveLength(1);
    // Asked again once done, the same summary.
    expect((await poll(path as string)).at(-1)).toBe(part);
    const link = /href="(\/batch\/[^/]+)\/results.csv"/.exec(part)?.[1];
    expect(link).toBe(path?.replace(/\/progress$/, ''));
    const csv = Buffer.from(await (await app.request(`${BASE}${link}/results.csv`, { headers: COOKIE })).arrayBuffer()).toString('utf8');
    const fromCli = await cli(['batch', 'examples/projects.csv']);
    expect(fromCli.status).toBe(1);
    // A file to download, as `-o results.csv` writes it: with the BOM that Excel needs to read UTF-8.
    expect(csv).toBe(`\uFEFF${fromCli.stdout}`);
    const xlsx = await app.request(`${BASE}${link}/results.xlsx`, { headers: COOKIE });
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString('latin1')).toBe('PK');
    const summary = JSON.parse(await (await app.request(`${BASE}${link}/summary.json`, { headers: COOKIE })).text()) as { total: unknown; invalid: number };
    expect(summary.total).toEqual({ low: '8700000.00', high: '9260000.00' });
    expect(summary.invalid).toBe(1);
  });

  it('while a larger file runs, the poll shows the rows read and the share of the file, in the page\'s language, never going back', async () => {
    // examples/projects.csv 400 times over (each copy its own applicants): 3,200 rows, 470 KB.
    const [head, ...rows] = readFileSync(join(ROOT, 'examples/projects.csv'), 'utf8').trimEnd().split('\n');
    const lines = [head];
    for (let copy = 0; copy < 400; copy++) for (const row of rows) lines.push(row.replace(/^A(\d+)/, (_m, n: string) => `A${n}-${copy}`));
    const r = await post('/batch', upload('many.csv', Buffer.from(`${lines.join('\n')}\n`), 'zh'), { 'hx-request': 'true' });
    const seen = await poll(progressOf(await r.text()) as string);
    const going = seen.slice(0, -1).map((part) => {
      const m = /<p class="batch-progress">正在测算：已读取 ([\d,]+) 行，文件的 (\d+)%<\/p>\n<progress max="100" value="(\d+)"/.exec(part);
      expect(m, part).not.toBeNull();
      expect(m?.[3]).toBe(m?.[2]);
      return { rows: Number((m?.[1] ?? '').replace(/,/g, '')), percent: Number(m?.[2]) };
    });
    expect(going.some((p) => p.rows > 0 && p.rows < 3201 && p.percent > 0 && p.percent < 100)).toBe(true);
    for (let i = 1; i < going.length; i++) {
      expect(going[i]?.rows).toBeGreaterThanOrEqual(going[i - 1]?.rows as number);
      expect(going[i]?.percent).toBeGreaterThanOrEqual(going[i - 1]?.percent as number);
    }
    const done = seen.at(-1) as string;
    expect(done).toContain('<li>合计：348,000万–370,400万</li>');
    expect(done).toContain('读取 3200 行，有效 2800 行，无效 400 行');
  });

  it('with JavaScript off (no HX-Request), POST waits and the page shows the summary, with nothing that polls', async () => {
    const r = await post('/batch', upload('projects.csv', readFileSync(join(ROOT, 'examples/projects.csv'))));
    expect(r.status).toBe(200);
    const page = await r.text();
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<li>total: 870万–926万</li>');
    expect(page).toContain('<li>projects.csv (utf-8): 8 rows read, 7 valid, 1 invalid</li>');
    expect(page.match(/class="err"/g)).toHaveLength(1);
    expect(page).not.toContain('hx-get');
  });

  it('a file that is not a spreadsheet: its error in one line, nothing else, with or without htmx', async () => {
    const broken = new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]);
    const r = await post('/batch', upload('broken.xlsx', broken), { 'hx-request': 'true' });
    const part = (await poll(progressOf(await r.text()) as string)).at(-1) as string;
    expect(part).toMatch(/^<div id="batch-result"><div id="problem" role="alert"><ul><li>broken\.xlsx[^<]*<\/li><\/ul><\/div><\/div>$/);
    expect(part).not.toMatch(/at .*\.(ts|js):\d+/);
    const page = await (await post('/batch', upload('broken.xlsx', broken))).text();
    expect(page).toContain(/<li>broken\.xlsx[^<]*<\/li>/.exec(part)?.[0]);
  });

  it('the progress of a run no longer kept: one line that stops the polling', async () => {
    const part = (await poll('/batch/nosuchrun123/progress')).at(-1) as string;
    expect(part).toBe('<div id="batch-result"><div id="problem" role="alert"><ul><li>this batch is no longer kept (only the last three are): upload the file again</li></ul></div></div>');
  });

  it('the progress route is behind the same guard: no token, or another Host, 403', async () => {
    const r = await post('/batch', upload('projects.csv', readFileSync(join(ROOT, 'examples/projects.csv'))), { 'hx-request': 'true' });
    const path = progressOf(await r.text()) as string;
    const bare = await app.request(`${BASE}${path}`, { headers: { 'hx-request': 'true' } });
    expect(bare.status).toBe(403);
    expect(await bare.text()).not.toContain('batch-result');
    expect((await app.request(`${BASE}${path}`, { headers: { ...HX, host: 'evil.example' } })).status).toBe(403);
    expect((await app.request(`${BASE}${path}`, { headers: HX })).status).toBe(200);
  });
});

describe('what-if: a rate set by review pinned to one value', () => {
  const pinned = (investment: string, pin: string): [string, string][] => [
    ...EV.map(([k, v]): [string, string] => [k, k === 'projects[0].plant_equipment_investment' ? investment : v]),
    ['pin:project-investment', pin],
  ];
  const jsonTotal = async (pairs: [string, string][]) => (JSON.parse(await (await post('/download/json', form(pairs))).text()) as { total: unknown }).total;

  it('gives a point figure, to the fen: 1234.5678万 × 11.11% = 137.160483万, rounded half-up, plus the 30万 of recognitions', async () => {
    // 12,345,678 × 0.1111 = 1,371,604.8258 → 1,371,604.83 (half-up, to the fen); + 200,000 + 100,000.
    expect(await jsonTotal(pinned('1234.5678万', '11.11%'))).toEqual({ low: '1671604.83', high: '1671604.83' });
    // Without the pin: the range of the text, 10%–12%.
    expect(await jsonTotal(pinned('1234.5678万', ''))).toEqual({ low: '1534567.80', high: '1781481.36' });
    const page = await (await post('/', form(pinned('3500万', '11%')))).text();
    expect(total(page)).toBe('415万');
  });

  it('holds under another reading of the text: the item as that reading compiles it carries the pin too', async () => {
    // scope=whole-fund evaluates the item's other compiled variant (the EV project is in a strategic industry under both).
    const other: [string, string][] = [['reading:scope', 'whole-fund']];
    expect(await jsonTotal([...pinned('1234.5678万', '11.11%'), ...other])).toEqual({ low: '1671604.83', high: '1671604.83' });
    expect(await jsonTotal([...pinned('1234.5678万', ''), ...other])).toEqual({ low: '1534567.80', high: '1781481.36' });
  });

  it('a pin outside the item\'s range, or not a rate, is said beside its field and ignored', async () => {
    const out = await (await post('/estimate', form(pinned('3500万', '13%')))).text();
    expect(out).toMatch(/id="f-pin-project-investment-err"[^>]*>无法读取：13% 不在本项的比例区间 10%–12% 之内</);
    expect(total(out)).toBe('380万–430万');
    const bad = await (await post('/estimate', form(pinned('3500万', 'abc')))).text();
    expect(bad).toMatch(/id="f-pin-project-investment-err"[^>]*>无法读取：“abc”不是百分比：请带 % 号，如 4.35%</);
  });

  it('each scenario keeps its own pin: the comparison shows the difference', async () => {
    const body = new URLSearchParams([['lang', 'en'], ['cases', JSON.stringify([EV, pinned('3500万', '10%')])]]);
    const part = await (await post('/compare', body)).text();
    expect(part).toContain('<div class="amount">380万–430万</div>');
    expect(part).toContain('<div class="amount">380万</div>');
    expect(part).toContain('<strong class="diff">+0万 … −50万</strong>');
  });
});
