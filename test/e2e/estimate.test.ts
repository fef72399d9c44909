import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

// The exact output of `subsidy estimate` on every example, in both languages, pinned in
// test/golden/. After a deliberate change, regenerate with UPDATE_GOLDEN=1 and review the diff.
const examples = readdirSync(new URL('../../examples/', import.meta.url)).filter((f) => f.endsWith('.yaml'));
const golden = (name: string) => new URL(`../golden/${name}`, import.meta.url);

function matchGolden(name: string, actual: string) {
  if (process.env.UPDATE_GOLDEN || !existsSync(golden(name))) writeFileSync(golden(name), actual);
  expect(actual).toBe(readFileSync(golden(name), 'utf8'));
}

describe('subsidy estimate on every example (exact output)', () => {
  for (const file of examples) {
    const name = file.replace('.yaml', '');
    it(`${name}: table in Chinese`, async () => {
      const r = await cli(['estimate', `examples/${file}`, '--as-of', '2020-12-31', '--lang', 'zh']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      matchGolden(`${name}.zh.txt`, r.stdout);
    });
    it(`${name}: markdown in English, in yuan`, async () => {
      const r = await cli(['estimate', `examples/${file}`, '--as-of', '2020-12-31', '--lang', 'en', '--format', 'markdown', '--unit', 'yuan']);
      expect(r.status).toBe(0);
      matchGolden(`${name}.en.md`, r.stdout);
    });
  }
});

describe('subsidy estimate: formats and options', () => {
  it('prints the total row of the table with the hand-checked amounts', async () => {
    const r = await cli(['estimate', 'examples/going-public.yaml', '--as-of', '2020-12-31', '--lang', 'zh']);
    // (At the default 80 columns the rows are stacked: the total is the line after the rule.)
    const totalRow = r.stdout.split('\n').find((l) => l.startsWith('合计'));
    expect(totalRow).toBe('合计      143.6万–170万');
  });

  it('JSON carries every amount as a decimal string, never a number', async () => {
    const r = await cli(['estimate', 'examples/rd-project.yaml', '--as-of', '2020-12-31', '--format', 'json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.total).toEqual({ low: '604148.15', high: '685185.18' });
    const rd = json.items.find((i: { id: string }) => i.id === 'rd-project');
    expect(rd.lines[1].basis.amount).toBe('1234567.89');
    expect(rd.lines[1].rate).toEqual({ low: '0.12', high: '0.15', form: 'range' });
    expect(rd.lines[1].perYear).toEqual({ low: '148148.15', high: '185185.18' });
    expect(r.stdout).not.toMatch(/"(low|high|amount)": \d/);
  });

  it('shows amounts in yuan with --unit yuan', async () => {
    const r = await cli(['estimate', 'examples/bank.yaml', '--unit', 'yuan', '--lang', 'en']);
    expect(r.stdout).toContain('\nTotal              330,000.00\n');
  });

  it('reads the project from standard input with -', async () => {
    const r = await cli(['estimate', '-', '--lang', 'en', '--format', 'json'], { input: readFileSync(new URL('../../examples/park.yaml', import.meta.url), 'utf8') });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).total).toEqual({ low: '1000000.00', high: '1000000.00' });
  });

  it('defaults to Chinese when the locale is Chinese, else English', async () => {
    expect((await cli(['estimate', 'examples/park.yaml'], { env: { LANG: 'zh_CN.UTF-8' } })).stdout).toContain('合计');
    expect((await cli(['estimate', 'examples/park.yaml'], { env: { LANG: 'en_US.UTF-8' } })).stdout).toContain('Total');
  });

  it('prints no colour codes when stdout is not a terminal', async () => {
    const r = await cli(['estimate', 'examples/park.yaml'], { env: { NO_COLOR: '' } });
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('exits 0 and says so when nothing with an amount applies', async () => {
    const r = await cli(['estimate', 'examples/talent-team.yaml', '--lang', 'en']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No item with an amount applies.');
    expect(r.stdout).toContain('  • （三十六） Project funding for top talent (teams) (石墨烯导热膜产业化团队) —\n    case by case, at most 1,000万:');
  });

  it('runs a second, invented policy given as a file', async () => {
    const r = await cli(['estimate', 'test/fixtures/demo-company.yaml', '--policy', 'test/fixtures/policies/demo-city-2024.yaml', '--as-of', '2025-01-01', '--format', 'json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.policy.id).toBe('demo-city-2024');
    // 8万 workshop + 400万 × 20% = 80万 → 60万 + 35.5万 × 20% = 7.1万 + 12万 × 50% = 6万 → 5万
    expect(json.total).toEqual({ low: '801000.00', high: '801000.00' });
  });
});

describe('bad input: a clear error on stderr, exit 2, nothing on stdout', () => {
  const cases: [string, string[], string][] = [
    ['misspelt field', ['test/fixtures/bad/misspelt-field.yaml'], 'test/fixtures/bad/misspelt-field.yaml:7:5  error  projects[0].plant_equipment_investmnt: unknown field "plant_equipment_investmnt" (did you mean "plant_equipment_investment"?)\n'],
    ['misspelt top-level field', ['test/fixtures/bad/unknown-top-level.yaml'], 'test/fixtures/bad/unknown-top-level.yaml:3:1  error  industy: unknown field "industy" (did you mean "industry"?)\n'],
    ['negative amount', ['test/fixtures/bad/negative-amount.yaml'], 'test/fixtures/bad/negative-amount.yaml:7:33  error  projects[0].plant_equipment_investment: "-500万" is negative: an amount must be 0 or more\n'],
    ['non-numeric amount', ['test/fixtures/bad/bad-money.yaml'], 'test/fixtures/bad/bad-money.yaml:7:33  error  projects[0].plant_equipment_investment: "3000万五" could be read two ways: give the unit of its last part too (1亿2000万, not 1亿2000; 3万5000元, not 3万5)\n'],
    ['absurd amount', ['test/fixtures/bad/absurd-amount.yaml'], 'test/fixtures/bad/absurd-amount.yaml:7:33  error  projects[0].plant_equipment_investment: "35000亿" is more than 1万亿 yuan: check the unit (万 vs 亿 vs 元)\n'],
    ['bad date', ['test/fixtures/bad/bad-date.yaml'], 'test/fixtures/bad/bad-date.yaml:7:11  error  recognitions[0].date: "2019-02-30" is not a real calendar date\n'],
    ['missing required field', ['test/fixtures/bad/missing-kind.yaml'], 'test/fixtures/bad/missing-kind.yaml:1:1  error  kind: is required: Applicant kind (申请主体类型)\n'],
    ['duplicate key', ['test/fixtures/bad/duplicate-key.yaml'], 'test/fixtures/bad/duplicate-key.yaml:3:1  error  duplicate key: this field is given twice\n'],
    ['missing file', ['nope.yaml'], 'nope.yaml  error  no such file\n'],
    ['bad --as-of', ['examples/bank.yaml', '--as-of', '2020-13-01'], 'error  --as-of: "2020-13-01" is not a real calendar date\n'],
  ];
  for (const [what, args, stderr] of cases) {
    it(what, async () => {
      const r = await cli(['estimate', ...args]);
      expect(r.stderr).toBe(stderr);
      expect(r.stdout).toBe('');
      expect(r.status).toBe(2);
    });
  }

  it('reports both misspelt choices in one run, each with a suggestion', async () => {
    const r = await cli(['estimate', 'test/fixtures/bad/bad-choice.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'test/fixtures/bad/bad-choice.yaml:2:7  error  kind: expected one of enterprise, research-institution, talent-team, bank, park, testing-institution, got "enterprize" (did you mean "enterprise"?)',
      'test/fixtures/bad/bad-choice.yaml:3:11  error  industry: expected one of urban-rail, smart-grid, prefabricated-construction, industrial-big-data, new-energy-vehicles, high-end-equipment, electronic-information, new-materials, energy-saving-environmental, bio-pharma, industrial-logistics, e-commerce, rd-design-services, aftermarket-services, none, got "new-energy-vehicle" (did you mean "new-energy-vehicles"?)',
    ]);
  });

  it('reports a YAML syntax error with its line, not a stack trace', async () => {
    const r = await cli(['estimate', 'test/fixtures/bad/not-yaml.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^test\/fixtures\/bad\/not-yaml\.yaml:2:7 {2}error {2}/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('rejects an unknown format, command or option as a usage error', async () => {
    expect((await cli(['estimate', 'examples/bank.yaml', '--format', 'xml'])).status).toBe(2);
    expect((await cli(['estimat'])).stderr).toContain('(Did you mean estimate?)');
    expect((await cli(['estimate', '--frobnicate'])).status).toBe(2);
  });

  it('with no file and no terminal, says how to pass a file', async () => {
    const r = await cli(['estimate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error  no project file: give one (subsidy estimate examples/bank.yaml), or - to read it from standard input; the interview needs a terminal\n');
  });

  it('rejects a case written for another policy', async () => {
    const r = await cli(['estimate', 'examples/bank.yaml', '--policy', 'test/fixtures/policies/demo-city-2024.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('examples/bank.yaml:4:9  error  policy: this case is for policy "liuzhou-2018-sei", but the policy in use is "demo-city-2024"');
  });
});

describe('help and items', () => {
  it('--help documents the exit codes and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2  invalid input or usage');
    expect((await cli(['estimate', '--help'])).stdout).toContain('--as-of <date>');
  });

  it('items lists every item of the policy with its clause', async () => {
    const r = await cli(['items', '--format', 'json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.items).toHaveLength(33);
    expect(json.items[0]).toMatchObject({ id: 'project-investment', clause: '（二十四）' });
  });

  it('items prints a markdown cheat sheet', async () => {
    const r = await cli(['items', '--format', 'markdown', '--lang', 'zh']);
    expect(r.stdout.split('\n')).toContain('| （二十四） | 新引进、技术改造、新产品产业化项目补助 | 企业 | 厂房、设备实际投资额 × 10%–12% | 400万/项 | `project-investment` |');
  });
});
