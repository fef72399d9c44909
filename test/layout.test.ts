import { readdirSync } from 'node:fs';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { loadCase } from '../src/case/load.js';
import { evaluate } from '../src/engine/evaluate.js';
import { findOpportunities } from '../src/engine/opportunities.js';
import { loadPolicy } from '../src/policy/load.js';
import { renderItemsTable } from '../src/report/items.js';
import { renderTable } from '../src/report/table.js';
import { displayWidth, minWidth, wrapLines, wrapParagraph } from '../src/report/wrap.js';

// The terminal layout on every golden example, at the widths consultants' terminals have: no line
// wider than the width, table columns aligned (measured in display columns, CJK counting two),
// and the line-break rules of Chinese text kept.

const policy = loadPolicy();
const plain = new Chalk({ level: 0 });
const WIDTHS = [60, 80, 100, 160];
const examples = readdirSync(new URL('../examples/', import.meta.url)).filter((f) => f.endsWith('.yaml'));

/** Each example evaluated once; it is rendered at every width and in both languages. */
const evaluated = new Map<string, { result: ReturnType<typeof evaluate>; opportunities: ReturnType<typeof findOpportunities> }>();
function estimate(file: string, lang: 'zh' | 'en', width: number): string {
  let e = evaluated.get(file);
  if (!e) {
    const c = loadCase(`examples/${file}`, policy);
    const result = evaluate(policy, c, { asOf: '2020-12-31' });
    e = { result, opportunities: findOpportunities(policy, c, result) };
    evaluated.set(file, e);
  }
  return renderTable(e.result, { lang, unit: 'wan', chalk: plain, opportunities: e.opportunities, width });
}

/** The display columns at which a table's content line has its vertical borders. */
function borders(line: string): number[] {
  const at: number[] = [];
  let col = 0;
  for (const ch of line) {
    if (ch === '│') at.push(col);
    col += displayWidth(ch);
  }
  return at;
}

/** Every table in the text: runs of lines that start with a box-drawing character. */
function tables(text: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    if (/^[│┌├└]/.test(line)) current.push(line);
    else if (current.length) {
      out.push(current);
      current = [];
    }
  }
  if (current.length) out.push(current);
  return out;
}

/** Every line that breaks a layout rule, with the rule (one assertion per table, not per line). */
function checkLayout(text: string, width: number) {
  const broken: string[] = [];
  for (const line of text.split('\n')) {
    if (displayWidth(line) > width) broken.push(`wider than ${width}: ${line}`);
    if (/^[，。、；：！？）】」』》%]/.test(line.trimStart())) broken.push(`starts with closing punctuation: ${line}`);
  }
  for (const table of tables(text)) {
    const width0 = displayWidth(table[0] as string);
    for (const line of table) if (displayWidth(line) !== width0) broken.push(`not ${width0} columns wide like the table's first line: ${line}`);
    // Every content line has its borders where the header line has them.
    const content = table.filter((l) => l.startsWith('│'));
    const head = borders(content[0] as string);
    for (const line of content.slice(1)) {
      // The total row spans all columns but the last: its borders are a subset of the header's.
      if (borders(line).some((x) => !head.includes(x))) broken.push(`a border where the header has none: ${line}`);
    }
  }
  expect(broken).toEqual([]);
}

describe('estimate: fits 60, 80, 100 and 160 columns on every example', () => {
  for (const file of examples) {
    for (const lang of ['zh', 'en'] as const) {
      it(`${file} (${lang})`, () => {
        for (const width of WIDTHS) checkLayout(estimate(file, lang, width), width);
      });
    }
  }

  it('is a table at 100 and 160 columns, and stacked at 60', () => {
    const wide = estimate('ev-battery-renovation.yaml', 'zh', 160);
    expect(tables(wide)).toHaveLength(1);
    expect(wide).toContain('│ （二十四） │ 新引进、技术改造、新产品产业化项目补助 │ 3,500万 │ 10%–12% │ 400万/项 已封顶 │ 350万–400万 │');
    expect(tables(estimate('ev-battery-renovation.yaml', 'zh', 100))).toHaveLength(1);
    const narrow = estimate('ev-battery-renovation.yaml', 'zh', 60);
    expect(tables(narrow)).toHaveLength(0);
    expect(narrow).toContain(['（二十四） 新引进、技术改造、新产品产业化项目补助', '  └ 动力电池电芯产线智能化技术改造', '    基数  3,500万', '    比例  10%–12%', '    上限  400万/项 已封顶', '    金额  350万–400万'].join('\n'));
    expect(narrow).toContain('合计      380万–430万');
  });

  it('wraps every paragraph with a hanging indent, never splitting an amount', () => {
    const text = estimate('ev-battery-renovation.yaml', 'zh', 80);
    expect(text).toContain(
      [
        '  • （二十四） 专项资金优先安排及优先推荐申报国家、自治区专项资金 — 非现金支持：',
        '    柳州市挖潜改造、科技创新、工业园区发展等专项资金优先安排战略性新兴产业项目；',
        '    优先推荐申报国家、自治区相关专项资金（优先待遇，原文未规定金额）',
      ].join('\n'),
    );
    // Every amount of the table appears whole on one line.
    for (const amount of ['3,500万', '10%–12%', '350万–400万', '380万–430万', '+30万–50万']) expect(text).toContain(amount);
  });
});

describe('items: fits 60, 80, 100 and 160 columns', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(lang, () => {
      for (const width of WIDTHS) checkLayout(renderItemsTable(policy, { lang, unit: 'wan', chalk: plain, width }), width);
    });
  }

  it('is a table at 160 columns and one block per item at 80', () => {
    expect(tables(renderItemsTable(policy, { lang: 'zh', unit: 'wan', chalk: plain, width: 160 }))).toHaveLength(1);
    const narrow = renderItemsTable(policy, { lang: 'zh', unit: 'wan', chalk: plain, width: 80 });
    expect(tables(narrow)).toHaveLength(0);
    expect(narrow).toContain(['（二十四） 新引进、技术改造、新产品产业化项目补助', '    project-investment', '    申请主体  企业', '    奖补标准  厂房、设备实际投资额 × 10%–12%', '    上限      400万/项'].join('\n'));
  });
});

describe('wrapping rules (禁则)', () => {
  it('keeps closing punctuation on the line it closes, and an opening bracket with what follows', () => {
    for (let w = 10; w <= 30; w++) {
      for (const line of wrapLines('优先保障土地供应；经认定的战略性新兴产业项目按柳政规〔2017〕3号规定的土地出让价格供地（非现金）。', w)) {
        expect(displayWidth(line)).toBeLessThanOrEqual(w);
        expect(line).not.toMatch(/^[；，。）〕]/);
        expect(line).not.toMatch(/[（〔]$/);
      }
    }
  });

  it('keeps a number whole with its unit, and a range whole', () => {
    expect(minWidth('投资 3,500万 元')).toBe(displayWidth('3,500万'));
    expect(wrapLines('合计350万–400万元', 14)).toEqual(['合计', '350万–400万元']);
    expect(wrapLines('上限 400万/项 已封顶', 10)).toEqual(['上限', '400万/项', '已封顶']);
  });

  it('does not leave one character alone on the last line', () => {
    const lines = wrapLines('本意见各项奖补均由此列支', 22);
    expect(lines[lines.length - 1]?.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe('本意见各项奖补均由此列支');
  });

  it('indents the lines after the first under the text, not under the bullet', () => {
    expect(wrapParagraph('一二三四五六七八九十一二三四五', 20, '  • ')).toEqual(['  • 一二三四五六七八', '    九十一二三四五']);
  });

  it('cuts a word longer than the width rather than overflow', () => {
    for (const line of wrapLines('project-priority-recommendation', 10)) expect(displayWidth(line)).toBeLessThanOrEqual(10);
  });
});
