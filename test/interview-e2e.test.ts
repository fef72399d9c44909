import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { KEY, openTerminal, plain } from './fixtures/interview/pty.js';
import { cli } from './helpers/cli.js';

// Through a real pseudo-terminal (util-linux `script`), as a consultant would: the built CLI,
// keys typed, the table read off the screen; the saved file is run again in-process.

const root = join(import.meta.dirname, '..');

describe.skipIf(!existsSync('/usr/bin/script'))('the interview in a terminal', () => {
  test('a bank: eight questions (two names, a loan date), a bad amount turned down in Chinese and corrected, the table, and a saved file that reproduces it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interview-'));
    const saved = join(dir, '大华银行.yaml');
    const term = openTerminal(`node bin/subsidy.js estimate --save ${saved} --lang zh --as-of 2020-12-31`, root);
    try {
      let at = await term.waitFor('? 申请单位名称');
      term.send(KEY.enter); // skipped: the saved file's name stands in
      at = await term.waitFor('? 申请主体类型', at);
      // The key hints are in the interview's language.
      at = await term.waitFor('↑↓ 移动 • ⏎ 选择', at);
      term.send(KEY.down.repeat(3) + KEY.enter); // 银行机构
      at = await term.waitFor('? 质押融资 1 · 质押物', at);
      term.send(KEY.enter); // 专利权、商标权、版权等知识产权
      at = await term.waitFor('? 质押融资 1 · 名称', at);
      term.send(KEY.enter); // no name
      at = await term.waitFor('? 质押融资 1 · 借款企业属于战略性新兴产业', at);
      term.send(KEY.enter); // 是
      at = await term.waitFor('? 质押融资 1 · 贷款（融资）发放日期', at);
      term.send('2019-05-01' + KEY.enter);
      at = await term.waitFor('? 质押融资 1 · 审核确认的质押融资总额', at);
      term.send('80o万' + KEY.enter);
      at = await term.waitFor('“80o万”不是金额', at);
      term.send(KEY.backspace.repeat(4) + '800万' + KEY.enter);
      at = await term.waitFor('? 质押融资 2 · 质押物', at);
      // 没有更多质押融资了: the list wraps from the top, past "← 上一题" at the bottom.
      term.send(KEY.up + KEY.up + KEY.enter);
      expect(await term.exit()).toBe(0);
    } finally {
      term.kill();
    }
    const screen = plain(term.output());
    // Each answered question stays on screen as one "✔ question answer" line.
    const questions = screen.match(/✔ [^\n]*/g)?.map((l) => l.trimEnd());
    expect(questions).toEqual([
      '✔ 申请单位名称（可留空，回车跳过）',
      '✔ 申请主体类型 银行机构',
      '✔ 质押融资 1 · 质押物 专利权、商标权、版权等知识产权',
      '✔ 质押融资 1 · 名称（可留空，回车跳过；输入 < 回到上一题）',
      '✔ 质押融资 1 · 借款企业属于战略性新兴产业 是',
      '✔ 质押融资 1 · 贷款（融资）发放日期（日期，如 2019-05-01 或 2019年5月1日；不清楚可留空；输入 < 回到上一题） 2019-05-01',
      '✔ 质押融资 1 · 审核确认的质押融资总额（元，可写 3500万、1.2亿 或 3,000,000；不清楚可留空；输入 < 回到上一题） 800万',
      '✔ 质押融资 2 · 质押物 没有更多质押融资了',
    ]);
    // The pty is 120 columns wide: the same width for the file's run.
    const fromFile = await cli(['estimate', saved, '--lang', 'zh', '--as-of', '2020-12-31', '--width', '120']);
    expect(fromFile.status).toBe(0);
    // 1% of 800万 is 8万, under the 10万 cap per pledge financing (（三十二）).
    expect(fromFile.stdout).toMatch(/│ （三十二） │ 银行知识产权质押融资奖励.*│ 800万 │ +1% │ 10万\/项 │ +8万 │/);
    expect(fromFile.stdout).toMatch(/│ 合计 +│ +8万 │/);
    // The table the interview printed is the one the saved file gives, line for line.
    const table = screen.slice(screen.indexOf('申请单位：大华银行'));
    expect(table.trimEnd()).toBe(fromFile.stdout.trimEnd());
    expect(readFileSync(saved, 'utf8')).toBe(
      [
        '# Answers from the subsidy estimate interview (policy liuzhou-2018-sei).',
        '# Reproduce the estimate with: subsidy estimate FILE --as-of 2020-12-31',
        '',
        'policy: liuzhou-2018-sei',
        'name: 大华银行',
        'kind: bank',
        'pledge_financing:',
        '  - collateral: ip',
        '    borrower_sei: true',
        '    approved_amount: 800万',
        '    loan_date: 2019-05-01',
        '',
      ].join('\n'),
    );
  }, 20_000);

  test('Ctrl-C at a question, and again at the offer to keep the answers: "interview cancelled", exit 130, no file, no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interview-'));
    const saved = join(dir, 'answers.yaml');
    const term = openTerminal(`node bin/subsidy.js estimate --save ${saved} --lang en`, root);
    try {
      let at = await term.waitFor('? Applicant name');
      term.send(KEY.enter);
      at = await term.waitFor('? Applicant kind', at);
      term.send(KEY.enter); // Enterprise
      at = await term.waitFor('? Industry', at);
      term.send(KEY.ctrlC);
      at = await term.waitFor('? Interview stopped. Keep the answers so far?', at);
      at = await term.waitFor(`save them to ${saved}`, at);
      term.send(KEY.ctrlC);
      expect(await term.exit()).toBe(130);
    } finally {
      term.kill();
    }
    const screen = plain(term.output());
    expect(screen).toContain('interview cancelled');
    expect(screen).not.toMatch(/at .*\.js:\d+/);
    expect(readdirSync(dir)).toEqual([]);
  }, 20_000);

  test('Ctrl-C, keep the answers, then estimate FILE --interview takes them up: back once, the rest asked, the table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interview-'));
    let term = openTerminal('node ' + join(root, 'bin/subsidy.js') + ' estimate --lang zh --as-of 2020-12-31', dir);
    try {
      let at = await term.waitFor('? 申请单位名称');
      term.send('大华银行' + KEY.enter);
      at = await term.waitFor('? 申请主体类型', at);
      term.send(KEY.down.repeat(3) + KEY.enter); // 银行机构
      at = await term.waitFor('? 质押融资 1 · 质押物', at);
      term.send(KEY.enter);
      at = await term.waitFor('? 质押融资 1 · 名称', at);
      term.send(KEY.ctrlC);
      at = await term.waitFor('保存到 大华银行.yaml', at);
      term.send(KEY.enter);
      at = await term.waitFor('已保存到 大华银行.yaml。继续问答：subsidy estimate 大华银行.yaml --interview', at);
      expect(await term.exit()).toBe(130);
    } finally {
      term.kill();
    }
    expect(readdirSync(dir)).toEqual(['大华银行.yaml']);
    term = openTerminal('node ' + join(root, 'bin/subsidy.js') + ' estimate 大华银行.yaml --interview --lang zh --as-of 2020-12-31 --width 120', dir);
    try {
      // Neither the applicant's name, kind nor the collateral is asked again.
      let at = await term.waitFor('? 质押融资 1 · 借款企业属于战略性新兴产业');
      term.send(KEY.enter); // 是
      at = await term.waitFor('? 质押融资 1 · 贷款（融资）发放日期', at);
      term.send('<' + KEY.enter); // back: the borrower question again
      at = await term.waitFor('✔ 质押融资 1 · 贷款（融资）发放日期（日期，如 2019-05-01 或 2019年5月1日；不清楚可留空；输入 < 回到上一题） ← 上一题', at);
      at = await term.waitFor('? 质押融资 1 · 借款企业属于战略性新兴产业', at);
      term.send(KEY.enter); // 是 again (the earlier answer is where the cursor starts)
      at = await term.waitFor('? 质押融资 1 · 贷款（融资）发放日期', at);
      term.send('2019-05-01' + KEY.enter);
      at = await term.waitFor('? 质押融资 1 · 审核确认的质押融资总额', at);
      term.send('800万' + KEY.enter);
      at = await term.waitFor('? 质押融资 2 · 质押物', at);
      term.send(KEY.up + KEY.up + KEY.enter); // 没有更多质押融资了
      expect(await term.exit()).toBe(0);
    } finally {
      term.kill();
    }
    // 1% of 800万 is 8万 (（三十二）).
    expect(plain(term.output())).toMatch(/│ 合计 +│ +8万 │/);
  }, 30_000);

  test('the checklist of lists (有 / 没有 / 不确定) and "don\'t know" for the industry: the investment still asked, and what it would give', async () => {
    const term = openTerminal('node bin/subsidy.js estimate --lang zh --as-of 2020-12-31', root);
    try {
      let at = await term.waitFor('? 申请单位名称');
      term.send(KEY.enter);
      at = await term.waitFor('? 申请主体类型', at);
      term.send(KEY.enter); // 企业
      at = await term.waitFor('? 所属产业领域', at);
      term.send(KEY.up + KEY.up + KEY.enter); // 不清楚 (above "← 上一题")
      at = await term.waitFor('? 申请单位有没有下列情况', at);
      term.send(KEY.enter); // 有
      at = await term.waitFor('↑↓ 移动 • 空格 切换 • ⏎ 确认 • < 上一题', at);
      term.send(KEY.space); // 项目: 有
      term.send(KEY.down + KEY.down + KEY.space + KEY.space); // 兼并重组: 不确定
      at = await term.waitFor('[不确定] 兼并重组', at);
      term.send(KEY.enter);
      at = await term.waitFor('? 项目 1 · 项目类型', at);
      term.send(KEY.down + KEY.enter); // 技术改造项目
      at = await term.waitFor('? 项目 1 · 项目名称', at);
      term.send(KEY.enter);
      at = await term.waitFor('? 项目 1 · 项目引进或立项日期', at);
      term.send('2019-05-01' + KEY.enter);
      at = await term.waitFor('? 项目 1 · 厂房、设备实际投资额（若“所属产业领域”符合条件才用到', at);
      term.send('3500万' + KEY.enter);
      at = await term.waitFor('? 项目 1 · 已获国家或自治区财政资金支持', at);
      term.send(KEY.down + KEY.enter); // 否
      at = await term.waitFor('? 项目 2 · 项目类型', at);
      term.send(KEY.up + KEY.up + KEY.enter); // 没有更多项目了
      expect(await term.exit()).toBe(0);
    } finally {
      term.kill();
    }
    const screen = plain(term.output());
    expect(screen).toContain('✔ 申请单位有下列哪些情况？（空格切换 有／没有／不确定，回车确认） 有：项目；不确定：兼并重组');
    // 10%–12% of 3500万, capped at 400万 per project (（二十四）), were the industry in scope.
    expect(screen).toContain('取决于答“不清楚”的问题：\n  • 若“所属产业领域”符合条件，（二十四）新引进、技术改造、新产品产业化项目补助 · 项目 1：350万–400万\n');
    // The estimate itself waits for the industry, and the merger list, left unstated, is named.
    expect(screen).toMatch(/兼并重组、所属产业领域 → （二十五）/);
  }, 30_000);

  test('Ctrl-D at a typed answer: the same, and an existing file at the save path is left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interview-'));
    const saved = join(dir, 'answers.yaml');
    writeFileSync(saved, 'kind: bank\n');
    // --force: a hand-written file at the save path is otherwise refused before the first question.
    const term = openTerminal(`node bin/subsidy.js estimate --save ${saved} --force --lang en`, root);
    try {
      let at = await term.waitFor('? Applicant name');
      term.send(KEY.enter);
      at = await term.waitFor('? Applicant kind', at);
      term.send(KEY.down.repeat(3) + KEY.enter); // Bank
      at = await term.waitFor('? Pledge financing 1 · Collateral', at);
      term.send(KEY.enter);
      at = await term.waitFor('? Pledge financing 1 · Name', at);
      term.send(KEY.enter);
      at = await term.waitFor('? Pledge financing 1 · The borrower', at);
      term.send(KEY.enter);
      at = await term.waitFor('? Pledge financing 1 · Date the loan or financing was granted', at);
      term.send('2019-05-01' + KEY.enter);
      at = await term.waitFor('? Pledge financing 1 · Approved pledge financing amount', at);
      term.send('12');
      term.send(KEY.ctrlD);
      // The answers so far could be kept at the --save path; Ctrl-D again declines.
      at = await term.waitFor('? Interview stopped. Keep the answers so far?', at);
      term.send(KEY.ctrlD);
      expect(await term.exit()).toBe(130);
    } finally {
      term.kill();
    }
    expect(plain(term.output())).toContain('interview cancelled');
    expect(readdirSync(dir)).toEqual(['answers.yaml']);
    expect(readFileSync(saved, 'utf8')).toBe('kind: bank\n');
  }, 20_000);
});
