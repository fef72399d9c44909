import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectJsonSchema } from '../src/authoring/json-schema.js';
import { readCaseFast } from '../src/case/fast.js';
import { parseCase } from '../src/case/load.js';
import { loadPolicy } from '../src/policy/load.js';
import { clauseNumber, sameClause } from '../src/values/clause.js';
import { ABSURD_MONEY, Money, parseDate, parseMoney, parseNumber, parseRate } from '../src/values/money.js';
import { closest, didYouMean, suggestion } from '../src/values/suggest.js';

// Input the way consultants type it: every accepted and every refused form of the issue, each with
// its value to the fen or the reason given, in both languages.

const yuan = (input: string) => {
  const r = parseMoney(input);
  if (!r.ok) throw new Error(`${input}: ${r.message}`);
  return r.value.toFixed(2);
};
const refusal = (input: string) => {
  const r = parseMoney(input);
  if (r.ok) throw new Error(`expected ${input} to be refused, got ${r.value.toFixed(2)}`);
  return r;
};

describe('money: the forms people type are accepted', () => {
  it.each([
    ['3500万元整', '35000000.00'],
    ['人民币3500万元', '35000000.00'],
    ['人民币 3500万元', '35000000.00'],
    ['RMB 3,000,000', '3000000.00'],
    ['rmb3000000', '3000000.00'],
    ['CNY 100', '100.00'],
    ['３５００万', '35000000.00'],
    ['3，000，000', '3000000.00'],
    ['１．２亿', '120000000.00'],
    ['ＲＭＢ　３，０００，０００', '3000000.00'],
    ['3 000 000', '3000000.00'],
    ['3500 万', '35000000.00'],
    ['3500 万元', '35000000.00'],
    ['3500元整', '3500.00'],
    ['三千万', '30000000.00'],
    ['三千五百万', '35000000.00'],
    ['两千万', '20000000.00'],
    ['十万', '100000.00'],
    ['十五万', '150000.00'],
    ['一百零五万', '1050000.00'],
    ['一千零五十万', '10500000.00'],
    ['叁仟伍佰万元整', '35000000.00'],
    ['1亿2000万', '120000000.00'],
    ['1亿2000万元', '120000000.00'],
    ['一亿二千万', '120000000.00'],
    ['一亿零五百万', '105000000.00'],
    ['1亿2000元', '100002000.00'],
    ['1亿元', '100000000.00'],
    ['3万5000', '35000.00'],
    ['3万5元', '30005.00'],
    ['一万五千', '15000.00'],
    ['一万零五', '10005.00'],
    ['3千万', '30000000.00'],
    ['12.340元', '12.34'],
    ['123.456789万', '1234567.89'],
    ['1.2345678900亿', '123456789.00'],
    ['10000亿', '1000000000000.00'],
  ])('%s is %s yuan', (input, expected) => {
    expect(yuan(input)).toBe(expected);
  });

  it('warns that a bare number below 10,000 is read as yuan, in both languages', () => {
    const r = parseMoney('3500');
    expect(r.ok && r.value.toFixed(2)).toBe('3500.00');
    expect(r.ok && r.warning).toEqual({
      en: '"3500" is read as 3500 yuan: write 3500万 if you meant 万, or 3500元 to confirm',
      zh: '“3500”按 3500 元计算：如果指的是万元，请写 3500万；确为元请写 3500元',
    });
    for (const quiet of ['3500元', '3500万', '¥3500', '0', '12000', '3,500']) {
      const q = parseMoney(quiet);
      expect(q.ok && q.warning, quiet).toBeUndefined();
    }
  });
});

describe('money: what is ambiguous or wrong is refused, saying why', () => {
  it.each([
    ['3500 1200', 'has a space inside the number', '数字中间有空格'],
    ['1亿 2000万', 'has a space inside the number', '数字中间有空格'],
    ['3,000 000', 'has a space inside the number', '数字中间有空格'],
    ['三千五', 'write every unit', '请写全每个单位'],
    ['三千五万', 'write every unit', '请写全每个单位'],
    ['一百五', 'write every unit', '请写全每个单位'],
    ['1亿2000', 'could be read two ways', '有两种读法'],
    ['3万5', 'could be read two ways', '有两种读法'],
    ['一万五', 'could be read two ways', '有两种读法'],
    ['-500万', 'is negative', '是负数'],
    ['－500万', 'is negative', '是负数'],
    ['12.345', 'fractions of a fen', '分以下'],
    ['1.2345678万', 'fractions of a fen', '分以下'],
    ['35000亿', 'more than 1万亿', '超过 1万亿元'],
    ['3,00,000', 'is not an amount of money', '不是金额'],
    ['1.2.3万', 'is not an amount of money', '不是金额'],
    ['3500万万', 'is not an amount of money', '不是金额'],
    ['3500整', 'is not an amount of money', '不是金额'],
    ['万', 'is not an amount of money', '不是金额'],
    ['人民币', 'is not an amount of money', '不是金额'],
    ['', 'is not an amount of money', '不是金额'],
    ['12.', 'is not an amount of money', '不是金额'],
  ])('%s is refused (%s)', (input, en, zh) => {
    const r = refusal(input);
    expect(r.message).toContain(en);
    expect(r.zh).toContain(zh);
  });

  it('says it in full, in both languages', () => {
    expect(refusal('三千五')).toEqual({
      ok: false,
      message: '"三千五" is not an amount that can be read exactly: write every unit (三千五百万, not 三千五万 or 三千五) or use digits (3500万)',
      zh: '“三千五”无法准确读出金额：请写全每个单位（三千五百万，而不是三千五万或三千五），或用数字（3500万）',
    });
  });
});

/** n (1 ≤ n < 1万亿) in Chinese numerals as written in full, the reference the parser is held to. */
function numerals(n: number): string {
  const digits = '零一二三四五六七八九';
  const section = (v: number): string => {
    let out = '';
    let zero = false;
    for (const [unit, size] of [['千', 1000], ['百', 100], ['十', 10], ['', 1]] as const) {
      const d = Math.floor(v / size) % 10;
      if (d === 0) {
        if (out) zero = true;
        continue;
      }
      if (zero) out += '零';
      zero = false;
      out += `${digits[d]}${unit}`;
    }
    return out;
  };
  const yi = Math.floor(n / 1e8);
  const wan = Math.floor(n / 1e4) % 1e4;
  const rest = n % 1e4;
  let out = '';
  if (yi) out += `${section(yi)}亿`;
  if (wan) out += `${yi && wan < 1000 ? '零' : ''}${section(wan)}万`;
  if (rest) out += `${(yi || wan) && rest < 1000 ? '零' : ''}${section(rest)}`;
  return `${out}元`;
}

describe('money: properties', () => {
  it('numerals written in full read as their value, to the yuan', () => {
    expect(numerals(35_000_000)).toBe('三千五百万元');
    expect(numerals(100_050_005)).toBe('一亿零五万零五元');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999_999 }), (n) => {
        expect(yuan(numerals(n))).toBe(`${n}.00`);
      }),
      { numRuns: 400 },
    );
  });

  it('digits with commas, full-width or not, with or without 万, read as their value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 999_999_999_999n }), fc.boolean(), fc.boolean(), (n, commas, wide) => {
        let text = commas ? n.toLocaleString('en-US') : n.toString();
        if (wide) text = text.replace(/[0-9,]/g, (c) => (c === ',' ? '，' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
        expect(yuan(`${text}元`)).toBe(`${n}.00`);
        const wan = parseMoney(`${text}万`);
        if (new Money(n.toString()).times(10_000).gt(ABSURD_MONEY)) expect(wan.ok).toBe(false);
        else expect(wan.ok && wan.value.toFixed(2)).toBe(`${n * 10_000n}.00`);
      }),
      { numRuns: 200 },
    );
  });

  // The project file's JSON Schema must let an editor accept exactly what the parser accepts:
  // random strings over the characters amounts are made of, tested against the schema's own
  // pattern and against parseMoney. The parser's one further check is the size limit.
  it("the JSON Schema's money pattern accepts exactly what parseMoney accepts", () => {
    const schema = projectJsonSchema(loadPolicy()) as { definitions: Record<string, { anyOf: { pattern?: string }[] }> };
    const pattern = schema.definitions['projects.plant_equipment_investment']?.anyOf.find((a) => a.pattern)?.pattern;
    expect(pattern).toBeDefined();
    const editor = new RegExp(pattern as string);
    const pieces = [
      '0', '1', '2', '3', '5', '9', '０', '３', ',', '，', '.', '．', ' ', '　', '万', '亿', '元', '整', '¥', '￥', '人民币', 'RMB', 'rmb',
      '一', '二', '两', '三', '五', '九', '叁', '零', '〇', '十', '百', '千', '仟', '-', '%', 'a',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 9 }), (parts) => {
        const text = parts.join('');
        const r = parseMoney(text);
        const tooLarge = !r.ok && r.message.includes('more than 1万亿');
        expect(editor.test(text), text).toBe(r.ok || tooLarge);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('dates: the notations people use, with a real calendar', () => {
  it.each([
    ['2019-05-01', '2019-05-01'],
    ['2019-5-1', '2019-05-01'],
    ['2019/5/1', '2019-05-01'],
    ['2019/05/01', '2019-05-01'],
    ['2019.5.1', '2019-05-01'],
    ['2019年5月1日', '2019-05-01'],
    ['2019 年 5 月 1 日', '2019-05-01'],
    ['２０１９年５月１日', '2019-05-01'],
    ['2020-02-29', '2020-02-29'],
    ['1900-01-01', '1900-01-01'],
    ['2199-12-31', '2199-12-31'],
  ])('%s is %s', (input, iso) => {
    const r = parseDate(input);
    expect(r.ok && r.value).toBe(iso);
  });

  it.each([
    ['2020-02-30', 'is not a real calendar date', '不是真实存在的日期'],
    ['2019-02-29', 'is not a real calendar date', '不是真实存在的日期'],
    ['2019-13-01', 'is not a real calendar date', '不是真实存在的日期'],
    ['1899-12-31', 'the year must be between 1900 and 2199', '应在 1900 至 2199 年之间'],
    ['2200-01-01', 'the year must be between 1900 and 2199', '应在 1900 至 2199 年之间'],
    ['2019/5-1', 'is not a date', '不是日期'],
    ['20190501', 'is not a date', '不是日期'],
    ['19-5-1', 'is not a date', '不是日期'],
    ['2019年5月', 'is not a date', '不是日期'],
    ['May 1, 2019', 'is not a date', '不是日期'],
  ])('%s is refused (%s)', (input, en, zh) => {
    const r = parseDate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain(en);
      expect(r.zh).toContain(zh);
    }
  });
});

describe('rates and numbers, full-width too', () => {
  it('reads ４．３５％ as 4.35%', () => {
    const r = parseRate('４．３５％');
    expect(r.ok && r.value.toString()).toBe('0.0435');
    expect(parseNumber('１２').ok).toBe(true);
    const bad = parseRate('12');
    expect(!bad.ok && bad.zh).toBe('“12”不是百分比：请带 % 号，如 4.35%');
  });
});

describe('"did you mean": only what is a plausible typo', () => {
  it('never matches one two-character word to another', () => {
    expect(closest('银行', ['园区', '企业', '银河', '人才'])).toBeUndefined();
    const words = ['银行', '园区', '企业', '人才', '团队', '平台', '项目', '国家', '市级'];
    for (const a of words) for (const b of words) if (a !== b) expect(closest(a, [b]), `${a} → ${b}`).toBeUndefined();
  });

  it('still finds a misspelt id, and a word inside a longer one', () => {
    expect(closest('enterprize', ['enterprise', 'bank', 'park'])).toBe('enterprise');
    expect(closest('industy', ['industry', 'kind'])).toBe('industry');
    expect(closest('plant_equipment_investmnt', ['plant_equipment_investment', 'rd_spending'])).toBe('plant_equipment_investment');
    expect(closest('new-energy-vehicle', ['new-energy-vehicles', 'new-materials'])).toBe('new-energy-vehicles');
    expect(closest('银行', ['商业银行', '园区'])).toBe('商业银行');
  });

  it('does not reach for a far word: the limit grows with the length', () => {
    expect(closest('banc', ['bank'])).toBe('bank'); // one letter in four: a plausible typo
    expect(closest('bank', ['park'])).toBeUndefined();
    expect(closest('xyz', ['abc'])).toBeUndefined();
    expect(closest('e', ['enterprise'])).toBeUndefined();
  });

  it('says it in both languages', () => {
    expect(suggestion('industy', ['industry'])).toEqual({ en: ' (did you mean "industry"?)', zh: '（是否想写“industry”？）' });
    expect(didYouMean('银行', ['园区'])).toBe('');
  });
});

describe('clauses as people refer to them', () => {
  it.each([
    ['（三十二）', 32],
    ['(三十二)', 32],
    ['( 三十二 )', 32],
    ['三十二', 32],
    ['32', 32],
    ['（32）', 32],
    ['第三十二条', 32],
    ['（二十四）', 24],
    ['十', 10],
    ['（十五）', 15],
  ])('%s is clause %i', (text, n) => {
    expect(clauseNumber(text)).toBe(n);
  });

  it('names no clause for what is not a number', () => {
    expect(clauseNumber('abc')).toBeUndefined();
    expect(clauseNumber('')).toBeUndefined();
    expect(clauseNumber('三十二万')).toBeUndefined();
  });

  it('compares by number: (32) is （三十二）, not （三十）', () => {
    expect(sameClause('(32)', '（三十二）')).toBe(true);
    expect(sameClause('(32)', '（三十）')).toBe(false);
  });
});

describe('project files: fields by their labels, as the CSV headers and the template name them', () => {
  const policy = loadPolicy();
  const byIds = `name: 柳州某公司
kind: enterprise
industry: new-energy-vehicles
projects:
  - name: 电池线改造
    type: technical-renovation
    plant_equipment_investment: 3500万
    date: 2019-05-01
recognitions: none
`;
  const byLabels = `申请单位名称: 柳州某公司
Applicant kind: 企业
所属产业领域: new-energy-vehicles
项目:
  - 项目名称: 电池线改造
    项目类型: 技术改造项目
    厂房、设备实际投资额: 3500万
    date: 2019-05-01
认定、资质与奖项: none
`;

  it('reads labels (zh or en) mixed with ids, at the top level and in list entries, as the ids', () => {
    const ids = parseCase(byIds, policy, 'ids.yaml');
    const labels = parseCase(byLabels, policy, 'labels.yaml');
    expect(labels.problems).toEqual([]);
    expect(labels.case).toEqual(ids.case);
    expect(labels.case?.lists.projects?.[0]?.plant_equipment_investment?.toString()).toBe('35000000');
    // The fast reader gives the very same case.
    expect(readCaseFast(byLabels, policy)).toEqual(ids.case);
  });

  it('a problem under a label key still points at its file:line:col', () => {
    const bad = byLabels.replace('项目类型: 技术改造项目', '项目类型: 技改').replace('    date:', '    投资额: 3\n    date:');
    const { case: c, problems } = parseCase(bad, policy, 'labels.yaml');
    expect(c).toBeUndefined();
    expect(problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.path}`)).toEqual(['labels.yaml:6:11 项目[0].项目类型', 'labels.yaml:8:5 项目[0].投资额']);
  });

  it('the same field written by its id and by its label is refused, at the second one', () => {
    const { case: c, problems } = parseCase(`name: 甲\nkind: enterprise\n申请单位名称: 乙\n`, policy, 'twice.yaml');
    expect(c).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({ file: 'twice.yaml', line: 3, col: 1, message: '"申请单位名称" and "name" are the same field (name): keep one', zh: '“申请单位名称”与“name”是同一个字段（name）：只保留一个' }),
    ]);
    expect(readCaseFast(`name: 甲\nkind: enterprise\n申请单位名称: 乙\n`, policy)).toBeUndefined();
  });

  it('a mistyped label gets a "did you mean" with the label, in both languages', () => {
    const { problems } = parseCase('name: x\nkind: enterprise\n申请单位名: y\nprojects:\n  - 项目实际投资: 3\n', policy, 'typo.yaml');
    expect(problems.map((p) => [`${p.line}:${p.col}`, p.message, p.zh])).toEqual([
      ['5:5', 'unknown field "项目实际投资" (did you mean "项目实际投资额"?)', '没有“项目实际投资”这个字段（是否想写“项目实际投资额”？）'],
      ['3:1', 'unknown field "申请单位名" (did you mean "申请单位名称"?)', '没有“申请单位名”这个字段（是否想写“申请单位名称”？）'],
    ]);
  });
});

describe('a project file written with labels: problems name fields as it wrote them', () => {
  const policy = loadPolicy();
  const file = (amount: string) =>
    ['policy: liuzhou-2018-sei', '申请单位名称: 测试', '申请主体类型: 企业', '项目:', '  - 项目类型: 技术改造项目', `    厂房、设备实际投资额: ${amount}`, ''].join('\n');

  it('an error: 项目[0].厂房、设备实际投资额 at its line, not projects[0].plant_equipment_investment', () => {
    const { case: c, problems } = parseCase(file('三千五'), policy, 'lab.yaml');
    expect(c).toBeUndefined();
    expect(problems.map((p) => [p.line, p.col, p.path])).toEqual([[6, 17, '项目[0].厂房、设备实际投资额']]);
  });

  it('a warning (a bare amount) the same way; a file of ids keeps its ids', () => {
    expect(parseCase(file('3500'), policy, 'lab.yaml').problems.map((p) => p.path)).toEqual(['项目[0].厂房、设备实际投资额']);
    const ids = ['policy: liuzhou-2018-sei', 'name: X', 'kind: enterprise', 'projects:', '  - type: technical-renovation', '    plant_equipment_investment: 3500', ''].join('\n');
    expect(parseCase(ids, policy, 'ids.yaml').problems.map((p) => p.path)).toEqual(['projects[0].plant_equipment_investment']);
  });
});
