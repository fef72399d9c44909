import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DefaultTreeAdapterMap, type ParserError, parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import {
  compareReadings, type EvaluationResult, evaluate, findOpportunities, type ItemResult, type Lang, loadPolicy, Money, parseCase, renderReportHtml, type Unit,
} from '../src/index.js';
import { escapeHtml, html, trusted } from '../src/report/html/template.js';
import { cli, ROOT } from './helpers/cli.js';

// The client report (issue 14): HTML that a parser accepts without a single error or implied
// tag, with the sections in the order a client reads them, the same figures as the JSON output,
// and every user-supplied string kept as text.

type Element = DefaultTreeAdapterMap['element'];
type ChildNode = DefaultTreeAdapterMap['childNode'];
type Document = DefaultTreeAdapterMap['document'];

const AS_OF = '2020-12-31';
const META = { generated: '2021-01-04', toolVersion: '0.0.0-test', policyVersion: 'liuzhou-2018-sei (test)' };
const policy = loadPolicy(undefined);
const examples = ['bank', 'civil-military-supplier', 'ev-battery-renovation', 'going-public', 'industrial-design-company', 'merger', 'outside-strategic-industries', 'park', 'rail-transit-new-plant', 'rd-project', 'smart-factory', 'talent-team', 'testing-institute', 'university-rd-branch'];

function evaluated(yaml: string): { result: EvaluationResult; opportunities: ReturnType<typeof findOpportunities> } {
  const { case: c, problems } = parseCase(yaml, policy, 'case.yaml');
  if (!c) throw new Error(problems.map((p) => p.message).join('\n'));
  const result = evaluate(policy, c, { asOf: AS_OF });
  return { result, opportunities: findOpportunities(policy, c, result) };
}

function report(yaml: string, lang: Lang, mode: 'estimate' | 'explain' = 'estimate', unit: Unit = 'wan'): { page: string; result: EvaluationResult } {
  const { result, opportunities } = evaluated(yaml);
  return { page: renderReportHtml(result, { lang, unit, policy, opportunities, mode, ...META }), result };
}

const example = (name: string) => readFileSync(join(ROOT, 'examples', `${name}.yaml`), 'utf8');

// ---------------------------------------------------------------- a small DOM over parse5

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Parses strictly: every parse error, every element the parser had to invent or close for us. */
function parseStrict(page: string): { doc: Document; problems: string[] } {
  const problems: string[] = [];
  const doc = parse(page, { sourceCodeLocationInfo: true, onParseError: (e: ParserError) => problems.push(`${e.code} at ${e.startLine}:${e.startCol}`) });
  const ids = new Set<string>();
  for (const el of all(doc, () => true)) {
    const id = attr(el, 'id');
    if (id !== undefined && ids.has(id)) problems.push(`id "${id}" used twice`);
    if (id !== undefined) ids.add(id);
    const loc = el.sourceCodeLocation;
    if (!loc) {
      problems.push(`<${el.tagName}> implied by the parser`);
      continue;
    }
    if (VOID.has(el.tagName) || loc.endTag) continue;
    const start = loc.startTag ? page.slice(loc.startTag.startOffset, loc.startTag.endOffset) : '';
    if (el.namespaceURI === 'http://www.w3.org/2000/svg' && start.endsWith('/>')) continue;
    problems.push(`<${el.tagName}> at ${loc.startLine}:${loc.startCol} is never closed`);
  }
  return { doc, problems };
}

function all(node: Document | Element, test: (e: Element) => boolean): Element[] {
  const out: Element[] = [];
  const walk = (n: ChildNode | Document) => {
    if ('tagName' in n) {
      if (test(n)) out.push(n);
      if (n.tagName === 'template') return;
    }
    if ('childNodes' in n) for (const c of n.childNodes) walk(c as ChildNode);
  };
  walk(node);
  return out;
}

const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;
const byTag = (n: Document | Element, tag: string) => all(n, (e) => e.tagName === tag);
const byClass = (n: Document | Element, cls: string) => all(n, (e) => (attr(e, 'class') ?? '').split(' ').includes(cls));
function byId(n: Document | Element, id: string): Element {
  const found = all(n, (e) => attr(e, 'id') === id)[0];
  if (!found) throw new Error(`no element #${id}`);
  return found;
}
function text(n: ChildNode | Element): string {
  if (n.nodeName === '#text') return (n as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in n ? n.childNodes.map((c) => text(c as ChildNode)).join('') : '';
}

/** An amount as shown (3,500,000.00 or 350万), back to yuan. */
function shown(s: string): Money {
  const wan = s.endsWith('万');
  const v = new Money(s.replace(/[,万]/g, ''));
  return wan ? v.times(10_000) : v;
}
/** A range as shown (low–high, or one figure), back to yuan. */
function shownRange(s: string): { low: string; high: string } {
  const [low, high = low] = s.trim().split('–') as [string, string?];
  return { low: shown(low).toFixed(2), high: shown(high).toFixed(2) };
}

// ---------------------------------------------------------------- the template

describe('the escaping template', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const name = `<img src=x onerror="alert(1)">&'`;
    expect(html`<p title="${name}">${name}</p>`.text).toBe('<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;</p>');
  });
  it('keeps markup made by the template, lists of it, and our own trusted constants; drops nothing-values', () => {
    const items = ['a<b', 'c'].map((s) => html`<li>${s}</li>`);
    expect(html`<ul>${items}${false}${undefined}${null}</ul>${trusted('<hr>')}${0}`.text).toBe('<ul><li>a&lt;b</li><li>c</li></ul><hr>0');
    expect(escapeHtml('"&"')).toBe('&quot;&amp;&quot;');
  });
});

// ---------------------------------------------------------------- structure

describe('the HTML report validates', () => {
  for (const name of examples) {
    it(`${name}: estimate (zh) and explain (en) parse with no error and no unclosed or implied tag`, () => {
      for (const [lang, mode] of [['zh', 'estimate'], ['en', 'explain']] as const) {
        const { page } = report(example(name), lang, mode);
        expect(page.startsWith('<!DOCTYPE html>\n<html lang=')).toBe(true);
        expect(parseStrict(page).problems, `${name} ${mode}`).toEqual([]);
      }
    });
  }

  it('is self-contained: no script, no link, nothing fetched, scripts forbidden by its content security policy', () => {
    const { page } = report(example('ev-battery-renovation'), 'zh');
    const { doc } = parseStrict(page);
    expect(byTag(doc, 'script')).toEqual([]);
    expect(byTag(doc, 'link')).toEqual([]);
    expect(all(doc, (e) => e.attrs.some((a) => a.name === 'src' || a.name === 'href'))).toEqual([]);
    const css = byTag(doc, 'style').map(text).join('');
    expect(css).not.toMatch(/url\(|@import/);
    expect(css).toContain('"Noto Sans CJK SC"');
    expect(css).toMatch(/@page \{ size: A4;/);
    expect(css).toContain('thead { display: table-header-group; }');
    const csp = byTag(doc, 'meta').find((m) => attr(m, 'http-equiv') === 'Content-Security-Policy');
    expect(attr(csp as Element, 'content')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    // The chart is HTML (labels wrap with any font); no SVG, whose text has a fixed box.
    expect(byTag(doc, 'svg')).toHaveLength(0);
  });
});

describe('a three-year award in the report', () => {
  it('shows what is due by the as-of date beside the whole window, as the table does', () => {
    const { page } = report(example('smart-factory'), 'en');
    expect(page).toContain('50万/yr × 3 = 150万<span class="entry"> (<span class="nb">100万</span> due by the as-of date)</span></td>');
  });
});

describe('the estimate report, in the order a client reads it', () => {
  const { page, result } = report(example('ev-battery-renovation'), 'zh');
  const { doc } = parseStrict(page);

  it('has its sections in reading order', () => {
    const ids = all(doc, (e) => e.tagName === 'section' || ['who', 'summary', 'disclaimer'].includes(attr(e, 'id') ?? '')).map((e) => attr(e, 'id'));
    expect(ids).toEqual(['who', 'summary', 'chart', 'items', 'details', 'open', 'judgement', 'missing', 'opportunities', 'unquantified', 'notes', 'fund', 'disclaimer']);
  });

  it('says who and what: applicant, policy with issuer and issue date, as-of, generated, versions', () => {
    const who = byId(doc, 'who');
    const pairs = byTag(who, 'dt').map((dt, i) => `${text(dt)}=${text(byTag(who, 'dd')[i] as Element)}`);
    expect(pairs).toEqual([
      '申请单位=柳州市某新能源电池有限公司',
      '主体类型=企业',
      '所属产业=新能源汽车产业',
      '政策=柳州市加快战略性新兴产业发展的若干意见，柳州市人民政府',
      '发布日期=2018-02-06',
      '评估日期=2020-12-31',
      '生成日期=2021-01-04',
      '版本=测算工具 subsidy-calc 0.0.0-test，政策数据 liuzhou-2018-sei (test)',
    ]);
    expect(text(byTag(doc, 'h1')[0] as Element)).toBe('柳州市某新能源电池有限公司');
  });

  it('puts the total first, with what the range depends on and what is not in it', () => {
    expect(text(byId(doc, 'total'))).toBe('380万–430万');
    const why = byClass(byId(doc, 'summary'), 'why')[0] as Element;
    expect(byTag(why, 'li').map(text)).toEqual([
      '低值按专家评审比例下限、高值按上限计算：（二十四） 动力电池电芯产线智能化技术改造：3,500万 × 10%–12% = 350万–400万',
      '已按上限封顶：（二十四） 动力电池电芯产线智能化技术改造：上限 400万',
      '无具体金额的支持 3 项',
      '因信息未说明而无法判断的条款 9 项（见“尚未说明的信息”）',
    ]);
  });

  it('draws one bar per row of the table, labelled in full and titled with its amount', () => {
    const labels = byClass(byId(doc, 'chart'), 'label');
    const titles = labels.map((l) => attr(l, 'title') as string);
    const amounts = byClass(byId(doc, 'items'), 'amount').map(text);
    expect(titles).toHaveLength(3);
    expect(titles.map((t) => t.split(': ').pop())).toEqual(amounts);
    expect(byClass(byId(doc, 'chart'), 'value').map(text)).toEqual(amounts);
    expect(titles[0]).toBe('（二十四） 新引进、技术改造、新产品产业化项目补助：动力电池电芯产线智能化技术改造: 350万–400万');
    // The whole label, never shortened: a label wraps instead of being cut.
    expect(labels.map(text)).toEqual(titles.map((t) => t.replace(/: [^:]*$/, '')));
    // Bars on one scale: the widest high end is the axis's top (500万), the low end solid.
    const widths = byClass(byId(doc, 'chart'), 'track').map((t) => attr(byClass(t, 'low')[0] as Element, 'style'));
    expect(widths).toEqual(['width:70%', 'width:4%', 'width:2%']);
  });

  it('keeps each amount in running text on one line: number, unit, per-what and range in one no-wrap span', () => {
    const spans = byClass(byId(doc, 'summary'), 'nb').map(text);
    expect(spans).toEqual(['3,500万', '10%–12%', '350万–400万', '400万']);
    const caps = byClass(byId(doc, 'items'), 'cap').map((td) => byClass(td, 'nb').map(text));
    expect(caps[0]).toEqual(['400万/项']);
  });

  it('shows, per item, the quote verbatim and the computation ending in the amount', () => {
    const items = byClass(byId(doc, 'details'), 'item');
    expect(items.map((i) => attr(i, 'id'))).toEqual(['item-project-investment', 'item-smart-manufacturing']);
    const first = items[0] as Element;
    const quote = result.items.find((r) => r.id === 'project-investment')?.quote;
    expect(text(byTag(first, 'blockquote')[0] as Element)).toBe(`原文${quote}`);
    expect(byTag(first, 'li').map(text)).toEqual([
      '基数：厂房、设备实际投资额 = 3,500万',
      '3,500万 × 10%–12% = 350万–420万',
      '单项上限 400万：350万–420万 → 350万–400万（区间的较高一端超过上限，按上限计）',
      '四舍五入到分：350万–400万（无需取整）',
      '结果：350万–400万',
    ]);
  });

  it('lists what needs official judgement, and what is missing by item', () => {
    expect(byTag(byId(doc, 'judgement'), 'li').map(text)).toEqual([
      '（二十四） 动力电池电芯产线智能化技术改造：3,500万 × 10%–12% = 350万–400万',
      '（二十四） 新引进、技术改造、新产品产业化项目补助：比例在10%-12%之间由专家评审确定',
    ]);
    const rows = byTag(byId(doc, 'missing'), 'tr').slice(1).map((tr) => byTag(tr, 'td').map(text));
    const undecided = result.items.filter((r) => r.status === 'cannot-determine');
    expect(rows.map((r) => r[0])).toEqual(undecided.map((r) => `${r.clause} ${r.title.zh}`));
    expect(rows[0]).toEqual(['（二十五） 知名企业兼并重组补助', '兼并重组']);
  });

  it('ends with the fund source （二十三） and the disclaimer', () => {
    const fund = text(byId(doc, 'fund'));
    expect(fund).toContain('（二十三） 柳州市战略性新兴产业发展专项资金');
    expect(fund).toContain('市财政每年安排5000万元资金用于战略性新兴产业发展');
    expect(fund).toContain('年度专项资金：5,000万');
    expect(text(byId(doc, 'disclaimer'))).toContain('仅供参考，不构成任何承诺');
  });

  it('shows no readings section while the result has no readings', () => {
    expect(page).not.toContain('id="readings"');
  });

  it('shows the readings and the total under each when the result has them', () => {
    // The ev-battery case under the levels reading (compareReadings, as estimate runs it): each
    // level 20万 + 10万 (380万–430万); highest only 20万, or the difference on upgrade 10万 + 10万 (370万–420万).
    const { case: c } = parseCase(example('ev-battery-renovation'), policy, 'case.yaml');
    const withReadings = evaluate(policy, c as NonNullable<typeof c>, { asOf: AS_OF });
    compareReadings(policy, c as NonNullable<typeof c>, withReadings);
    const { doc: d } = parseStrict(renderReportHtml(withReadings, { lang: 'zh', unit: 'wan', policy, opportunities: [], mode: 'estimate', ...META }));
    expect(byTag(byId(d, 'readings'), 'li').map(text)).toEqual(['分别给予: 380万–430万 (本报告采用)', '就高不重复: 370万–420万', '升级补差: 370万–420万']);
  });
});

describe('the explain report adds every item with every condition', () => {
  const { page, result } = report(example('ev-battery-renovation'), 'en', 'explain');
  const { doc } = parseStrict(page);
  it('has one block per item of the policy, each with its quote and its conditions marked', () => {
    const items = byClass(byId(doc, 'details'), 'item');
    expect(items.map((i) => attr(i, 'id'))).toEqual(result.items.map((r: ItemResult) => `item-${r.id}`));
    for (const [i, r] of result.items.entries()) expect(text(byTag(items[i] as Element, 'blockquote')[0] as Element)).toBe(`Policy text${r.quote}`);
    const marks = byClass(doc, 'mark').map((m) => `${attr(m, 'class')}=${text(m)}`);
    expect(new Set(marks)).toEqual(new Set(['mark pass=✓', 'mark fail=✗', 'mark missing=?']));
  });
});

describe('escaping what the user typed', () => {
  const evil = `<img src=x onerror=alert(1)>`;
  const evilProject = `</td></tr></table><script>alert("x")</script> & <b>`;
  const yaml = example('ev-battery-renovation').replace('name: 柳州市某新能源电池有限公司', `name: '${evil}'`).replace('name: 动力电池电芯产线智能化技术改造', `name: '${evilProject}'`);

  for (const mode of ['estimate', 'explain'] as const) {
    it(`${mode}: a project named like markup stays text, and the page still validates`, () => {
      const { page } = report(yaml, 'en', mode);
      const { doc, problems } = parseStrict(page);
      expect(problems).toEqual([]);
      expect(byTag(doc, 'img')).toEqual([]);
      expect(byTag(doc, 'script')).toEqual([]);
      expect(byTag(doc, 'b')).toEqual([]);
      expect(text(byTag(doc, 'h1')[0] as Element)).toBe(evil);
      expect(text(byTag(doc, 'title')[0] as Element)).toBe(`${mode === 'explain' ? 'Subsidy estimate, item by item' : 'Subsidy estimate'} — ${evil}`);
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
      if (mode === 'estimate') expect(byClass(byId(doc, 'items'), 'entry').map(text)[0]).toBe(evilProject);
      else expect(text(byId(doc, 'details'))).toContain(evilProject);
    });
  }
});

// ---------------------------------------------------------------- figures, end to end

describe('subsidy estimate --format html: the figures are the JSON output', () => {
  for (const name of ['ev-battery-renovation', 'rd-project', 'going-public', 'smart-factory', 'university-rd-branch', 'bank']) {
    it(`${name}: every amount and the total, to the fen`, async () => {
      const json = await cli(['estimate', `examples/${name}.yaml`, '--as-of', AS_OF, '--format', 'json']);
      const page = await cli(['estimate', `examples/${name}.yaml`, '--as-of', AS_OF, '--format', 'html', '--unit', 'yuan', '--lang', 'en']);
      expect(page.status).toBe(0);
      expect(page.stderr).toBe('');
      const data = JSON.parse(json.stdout);
      const { doc, problems } = parseStrict(page.stdout);
      expect(problems).toEqual([]);
      expect(shownRange(text(byId(doc, 'total')))).toEqual(data.total);
      // A yearly item shows "per year × years = whole period (what is due by the as-of date)": the
      // whole period is the amount.
      const cells = byClass(byId(doc, 'items'), 'amount').map((td) => shownRange((text(td).split(' = ').pop() as string).replace(/ \(.*\)$/, '')));
      const lines = data.items
        .filter((i: { status: string; kind: string }) => i.status === 'applies' && i.kind === 'amount')
        .flatMap((i: { lines: { status: string; amount: unknown }[] }) => i.lines.filter((l) => l.status === 'applies').map((l) => l.amount));
      expect(cells).toEqual(lines);
      expect(cells.length).toBeGreaterThan(0);
    });
  }
});

describe('subsidy estimate/explain --format html|pdf: where the output goes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'subsidy-html-'));

  it('writes the HTML report to -o, and to standard output without it', async () => {
    const file = join(dir, 'report.html');
    const r = await cli(['explain', 'examples/bank.yaml', '--as-of', AS_OF, '--format', 'html', '-o', file]);
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(file, 'utf8')).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    const out = await cli(['estimate', 'examples/bank.yaml', '--as-of', AS_OF, '--format', 'html', '--lang', 'zh']);
    expect(out.stdout).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
  });

  it('refuses a PDF without -o: binary never goes to a terminal or pipe', async () => {
    const r = await cli(['estimate', 'examples/bank.yaml', '--format', 'pdf']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error  --format pdf: a PDF needs a file to go to: add -o report.pdf\n');
  });

  it('never writes the report over its input', async () => {
    const input = join(dir, 'case.yaml');
    writeFileSync(input, example('bank'));
    const r = await cli(['estimate', input, '--format', 'html', '-o', input]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${input}  error  --output: is also the input file: writing it would destroy what is read. Give another file name; nothing was written\n`);
    expect(readFileSync(input, 'utf8')).toBe(example('bank'));
  });

  it('without a browser, exits 2 with one line saying how to install one', async () => {
    const r = await cli(['estimate', 'examples/bank.yaml', '--format', 'pdf', '-o', join(dir, 'r.pdf')], { env: { PATH: '/nonexistent' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error  no Chromium or Chrome found to print the PDF: install one (Debian/Ubuntu: apt-get install chromium fonts-noto-cjk) or set CHROME_PATH to its executable\n');
  });
});

describe('subsidy batch --report: the batch summary as a page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'subsidy-batch-report-'));
  it('shows the totals, the items, the share of the yearly fund, the largest awards and the invalid rows', async () => {
    const file = join(dir, 'summary.html');
    const summaryFile = join(dir, 'summary.json');
    const r = await cli(['batch', 'examples/projects.csv', '--as-of', AS_OF, '--lang', 'en', '--report', file, '--summary', summaryFile]);
    expect(r.status).toBe(1); // one row of the sample is invalid on purpose
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
    const { doc, problems } = parseStrict(readFileSync(file, 'utf8'));
    expect(problems).toEqual([]);
    expect(shownRange(text(byId(doc, 'total')))).toEqual({ low: new Money(summary.total.low).toFixed(2), high: new Money(summary.total.high).toFixed(2) });
    const itemRows = byTag(byId(doc, 'items'), 'tr').slice(1, -1).map((tr) => byTag(tr, 'td').map(text));
    expect(itemRows.map((c) => [c[0], Number(c[2]), shownRange(c[3] as string)])).toEqual(
      summary.items.map((i: { clause: string; rows: number; total: { low: string; high: string } }) => [i.clause, i.rows, { low: new Money(i.total.low).toFixed(2), high: new Money(i.total.high).toFixed(2) }]),
    );
    const pct = (s: string) => `${new Money(s).times(100).toDecimalPlaces(1).toFixed(1)}%`;
    expect(text(byId(doc, 'fund-share'))).toBe(`${pct(summary.budget.share.low)}–${pct(summary.budget.share.high)}`);
    expect(byTag(byId(doc, 'fund'), 'svg')).toHaveLength(1);
    const top = byTag(byId(doc, 'top'), 'tr').slice(1).map((tr) => byTag(tr, 'td').map(text));
    expect(top).toEqual([
      ['1', 'A003', '柳州某智能装备有限公司', '1', '400万'],
      ['2', 'A001', '柳州某新能源汽车零部件有限公司', '2', '330万–386万'],
      ['3', 'A002', '柳州某新材料股份有限公司', '3', '140万'],
    ]);
    expect(byTag(byId(doc, 'errors'), 'li').map(text)).toEqual([expect.stringMatching(/^row 9, column "项目.厂房、设备实际投资额" .*"三千五" is not an amount that can be read exactly/)]);
  });
});

describe('snapshots, one example per language', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`ev-battery-renovation in ${lang}`, async () => {
      await expect(report(example('ev-battery-renovation'), lang).page).toMatchFileSnapshot(`./fixtures/html/ev-battery-renovation.${lang}.html`);
    });
  }
});
