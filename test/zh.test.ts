import { readdirSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../src/policy/load.js';
import { cli } from './helpers/cli.js';

// With --lang zh, everything a user reads is Chinese: tables, explanations, batch cells and
// summaries, every error and --help. What may stay in Latin letters is what the user typed or
// will type: file names, options, the ids of the policy's facts, items and choices (a project
// file's keys), and the names of formats and encodings. Any other English word is a defect.

const policy = loadPolicy();
const AS_OF = ['--as-of', '2020-12-31'];

/** The ids of the policy: what a project file, --item or --policy is written with. */
const IDS = new Set<string>([
  policy.id,
  ...policy.items.map((i) => i.id),
  ...[...policy.facts.values()].flatMap((f) => [f.name, ...f.choices.map((c) => c.id)]),
  ...[...policy.lists.values()].flatMap((l) => [l.id, ...[...l.fields.values()].flatMap((f) => [f.name, ...f.choices.map((c) => c.id)])]),
  ...[...policy.parameters.values()].flatMap((p) => [p.id, ...p.schedule.flatMap((s) => (s.values ? [...s.values.keys()] : []))]),
  // --reading ID=ALTERNATIVE: the readings' ids and their alternatives' are typed too.
  ...policy.readings.flatMap((r) => [r.id, ...r.alternatives.map((x) => x.id)]),
]);

/** Names of things, not words of a sentence: formats, encodings, products, the command. */
const NAMES = new Set(
  'subsidy yaml csv json jsonl markdown html pdf xlsx tab table text bom utf excel wps gbk gb18030 neeq ci github actions git rev head schema zh en wan yuan path kind files file columns command format lang unit date id clause policy output name encoding estimate explain items batch template ctrl-c ctrl-d utf-8 md txt policies examples yaml-language-server'.split(' '),
);

/** The English words left once file names, options, ids and names are taken out. */
function englishWords(text: string): string[] {
  const stripped = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes start with ESC
    .replace(/\x1b\[[0-9;]*m/g, '')
    .replace(/\S*[\w-]+\.(ya?ml|csv|json|md|txt|html|pdf)\b/gi, ' ') // file names
    .replace(/(?<![A-Za-z0-9])--[a-z][a-z-]*|(?<![A-Za-z0-9-])-[a-z]\b/gi, ' ') // options
    .replace(/\b[a-z_]+\[\d+\]\.[a-z_]+\b/g, ' ') // field paths of a project file
    .replace(/\$ subsidy .*/g, ' ') // example command lines
    .replace(/“[^”]*”|'[^']*'/g, ' ') // values the user typed, quoted back
    .replace(/(错误|警告) {2}\S+?：/g, ' ') // the field path in the user's file a problem is at
    .replace(/(可选|可选值为|默认)[：\s][^）；。]*/g, ' '); // the values an option takes
  const words = (stripped.match(/[A-Za-z0-9][A-Za-z0-9_'-]*/g) ?? []).filter((w) => /[A-Za-z]/.test(w));
  return [...new Set(words.filter((w) => !IDS.has(w) && !NAMES.has(w.toLowerCase()) && !/^[A-Z]$/.test(w)))];
}

async function zh(args: string[], input?: string) {
  const r = await cli([...args, '--lang', 'zh'], input === undefined ? {} : { input });
  return { ...r, words: englishWords(`${r.stdout}\n${r.stderr}`) };
}

describe('--lang zh: no English words in what the user reads', () => {
  const examples = readdirSync('examples').filter((f) => f.endsWith('.yaml'));

  it('estimate on every example, as a table and in Markdown', async () => {
    for (const f of examples) {
      for (const format of ['table', 'markdown']) {
        const r = await zh(['estimate', `examples/${f}`, '--format', format, ...AS_OF]);
        expect(r.status, f).toBe(0);
        expect(r.words, `${f} ${format}`).toEqual([]);
      }
    }
  });

  it('explain, items and batch', async () => {
    for (const args of [
      ['explain', 'examples/going-public.yaml', ...AS_OF],
      ['explain', 'examples/university-rd-branch.yaml', '--clause', '28', ...AS_OF],
      ['items'],
      ['items', '--format', 'markdown'],
    ]) {
      const r = await zh(args);
      expect(r.words, args.join(' ')).toEqual([]);
    }
    // A batch: the summary, the header and every cell the tool writes (the sheet's own cells are the user's).
    const b = await cli(['batch', 'examples/projects.csv', '--lang', 'zh', ...AS_OF]);
    expect(englishWords(b.stderr)).toEqual([]);
    const rows = Papa.parse<Record<string, string>>(b.stdout, { header: true, skipEmptyLines: true });
    expect(englishWords(rows.meta.fields?.join(',') ?? '')).toEqual([]);
    for (const row of rows.data) {
      expect(englishWords([row.状态, row.无具体金额的支持, row['无法判断（未说明）'], row.错误, row.提示].join('\n')), JSON.stringify(row)).toEqual([]);
    }
    // Facts not given are "not stated" (未说明), never "lacking" (缺少: it reads as lacking the thing itself).
    expect(rows.meta.fields).toContain('无法判断（未说明）');
    const undecided = rows.data.map((row) => row['无法判断（未说明）'] ?? '').filter(Boolean);
    expect(undecided.length).toBeGreaterThan(0);
    for (const cell of undecided) expect(cell).toMatch(/^（[^）]+）[^：]+：未说明\S/);
    expect(b.stdout).not.toContain('缺少');
  });

  it('errors in project files, arguments and usage', async () => {
    const bad = readdirSync('test/fixtures/bad').filter((f) => f.endsWith('.yaml'));
    for (const f of bad) {
      const r = await zh(['estimate', `test/fixtures/bad/${f}`]);
      expect(r.status, f).toBe(2);
      expect(r.stderr, f).toMatch(/错误/);
      expect(r.words, f).toEqual([]);
    }
    for (const args of [
      ['estimate', 'nope.yaml'],
      ['estimate', 'examples/bank.yaml', '--as-of', '2020-02-30'],
      ['estimate', 'examples/bank.yaml', '--width', '20'],
      ['estimate', 'examples/bank.yaml', '--format', 'xml'],
      ['estimate', 'examples/bank.yaml', '--frobnicate'],
      ['estimat'],
      ['explain', 'examples/bank.yaml', '--clause', '九十九'],
      ['explain', 'examples/bank.yaml', '--item', 'smart-factroy'],
      ['estimate'],
    ]) {
      const r = await zh(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.words, args.join(' ')).toEqual([]);
    }
  });

  it('--help of every command', async () => {
    for (const args of [[], ['estimate'], ['explain'], ['items'], ['batch'], ['template'], ['schema'], ['policy'], ['policy', 'check'], ['policy', 'test'], ['policy', 'diff']]) {
      const r = await zh([...args, '--help']);
      expect(r.status, args.join(' ')).toBe(0);
      // The usage line and the options column are what is typed: only the descriptions are read.
      const read = r.stdout
        .split('\n')
        .filter((l) => !/^(用法|Usage)/.test(l))
        .map((l) => l.replace(/^ {2}\S.*? {2,}/, '  '))
        .join('\n');
      expect(englishWords(read), args.join(' ')).toEqual([]);
    }
  });

  it('the check itself notices English', () => {
    expect(englishWords('需要 projects → （二十五）知名企业兼并重组补助')).toEqual([]);
    expect(englishWords('needs Mergers and acquisitions')).toEqual(['needs', 'Mergers', 'and', 'acquisitions']);
    expect(englishWords('“三千万” is not money')).toEqual(['is', 'not', 'money']);
  });
});
