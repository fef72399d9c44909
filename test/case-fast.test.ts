import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAST_MAX_ENTRIES, openCase, readCaseFast } from '../src/case/fast.js';
import { MAX_LIST_ENTRIES, parseCase } from '../src/case/load.js';
import { loadPolicy } from '../src/policy/load.js';
import type { FactRef } from '../src/policy/model.js';

// The fast reader of project files (no schema library) against parseCase, on random project
// files built from the policy's own facts: valid, blank, wrong and misplaced values, "none" lists,
// unknown fields, another policy, parameter overrides and YAML errors. Whatever the fast reader
// accepts, parseCase reads to the same Case (same values, same key order) with no problem at all;
// whatever parseCase reads cleanly, the fast reader accepts too (only overrides go the full way).
const policy = loadPolicy();

// Notations the full reader accepts and the fast one leaves to it (its reading and messages are kept).
const NOTATIONS = {
  money: ['三千五百万', '人民币3500万元', '３５００万', '300万元整'],
  date: ['2019/5/1', '2019年5月1日', '2019.05.01'],
};
// Values each fact type accepts, and values it refuses (or reads with a warning).
const GOOD: Record<string, string[]> = {
  money: ['3500万', '1.2亿', '3,000,000', '300万元', '0', '1234567.89', ' 88万 ', '50000'],
  number: ['3', '0', '2.5', '1,000'],
  rate: ['4.35%', '10%'],
  boolean: ['true', 'false', '是', '否', 'yes', 'no', '有', '无', '1', '0'],
  date: ['2019-05-01', '2018-02-06', '2020-12-31'],
  text: ['柳州某公司', 'A "quoted" name', '123'],
};
const BAD: Record<string, string[]> = {
  money: ['12.345', '-5', '三千五', '2万亿', '12'],
  number: ['three', '1..2'],
  rate: ['150%', '0.1'],
  boolean: ['maybe'],
  date: ['2019-02-30', '2019/02/30', '20190501', '9999-01-01'],
  text: [],
};
const BLANKS = ['', '~', 'null', '  '];

/** A scalar for a fact: valid, blank, or (in a noisy file) wrong for its type. */
function valueFor(fact: FactRef, noisy: boolean): fc.Arbitrary<string> {
  const good = fact.type === 'enum' ? [...fact.choices.map((c) => c.id), ...fact.choices.map((c) => c.label.zh)] : (GOOD[fact.type] ?? ['x']);
  const bad = [...(fact.type === 'enum' ? ['bogus-choice'] : (BAD[fact.type] ?? [])), '2019-05-01', '5万', 'true'];
  const notations = NOTATIONS[fact.type as keyof typeof NOTATIONS] ?? [];
  return fc.oneof(
    { arbitrary: fc.constantFrom(...good), weight: 12 },
    { arbitrary: fc.constantFrom(...(notations.length ? notations : good)), weight: notations.length ? 1 : 0 },
    { arbitrary: fc.constantFrom(...BLANKS), weight: 1 },
    { arbitrary: fc.constantFrom(...bad), weight: noisy ? 2 : 0 },
  );
}

const q = (s: string) => JSON.stringify(s);

/** One `key: value` line of YAML; a noisy file may give a list or a mapping where a value belongs. */
function scalarLine(indent: string, key: string, value: fc.Arbitrary<string>, noisy: boolean): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: value.map((v) => `${indent}${key}: ${q(v)}`), weight: 8 },
    { arbitrary: value.map((v) => `${indent}${key}: ${v.trim() === '' ? '~' : v}`), weight: 3 },
    { arbitrary: fc.constant(`${indent}${key}:`), weight: 1 },
    { arbitrary: fc.constantFrom(`${indent}${key}: [a, b]`, `${indent}${key}: {a: 1}`), weight: noisy ? 1 : 0 },
  );
}

function maybeLines(lines: fc.Arbitrary<string>[]): fc.Arbitrary<string[]> {
  return fc.tuple(...lines.map((l) => fc.option(l, { freq: 2 }))).map((xs) => xs.filter((x): x is string => x !== null));
}

function entry(listId: string, noisy: boolean): fc.Arbitrary<string> {
  const list = policy.lists.get(listId);
  if (!list) throw new Error(listId);
  const fields = [...list.fields.values()].map((f) => scalarLine('    ', f.name, valueFor(f, noisy), noisy));
  return fc.oneof(
    {
      arbitrary: fc.tuple(maybeLines(fields), fc.boolean(), fc.integer({ max: 30, min: 0 })).map(([ls, reversed, extra]) => {
        const lines = reversed ? [...ls].reverse() : ls;
        if (noisy && extra === 0) lines.push('    unknown_field: 1');
        if (lines.length === 0) return '  - {}';
        return `  - ${(lines[0] as string).trimStart()}\n${lines.slice(1).join('\n')}`;
      }),
      weight: 12,
    },
    { arbitrary: fc.constant('  - just text'), weight: noisy ? 1 : 0 },
  );
}

function listLine(id: string, noisy: boolean): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.array(entry(id, noisy), { maxLength: 3 }).map((es) => (es.length ? `${id}:\n${es.join('\n')}` : `${id}: []`)), weight: 8 },
    { arbitrary: fc.constantFrom(`${id}: none`, `${id}: 无`, `${id}: "[]"`, `${id}:`, `${id}: ~`), weight: 3 },
    { arbitrary: fc.constantFrom(`${id}: some text`, `${id}: {a: 1}`), weight: noisy ? 1 : 0 },
  );
}

const CLEAN_EXTRAS = ['', `policy: ${policy.id}`];
const NOISY_EXTRAS = ['policy: other-policy', 'parameters:\n  benchmark_rate: 4.35%', 'unknown_top: 1', 'name: twice', '- a list'];

/** A project file: clean (every value valid) or noisy (some values wrong, unknown fields, YAML errors). */
const projectFile = fc.boolean().chain((noisy) =>
  fc
    .tuple(
      fc.tuple(...[...policy.facts.values()].map((f) => scalarLine('', f.name, valueFor(f, noisy), noisy))),
      maybeLines([...policy.lists.keys()].map((id) => listLine(id, noisy))),
      fc.constantFrom(...(noisy ? [...CLEAN_EXTRAS, ...NOISY_EXTRAS] : CLEAN_EXTRAS)),
      fc.boolean(),
    )
    .map(([facts, lists, extra, dropSome]) => [...(dropSome ? facts.filter((_, i) => i % 3 !== 1) : facts), ...lists, extra].filter(Boolean).join('\n')),
);

const json = (v: unknown) => JSON.stringify(v);

describe('fast project file reader', () => {
  it('agrees with parseCase: same Case where it reads one, and it reads every clean file', () => {
    let fast = 0;
    let full = 0;
    fc.assert(
      fc.property(projectFile, (text) => {
        const slow = parseCase(text, policy, 'case.yaml');
        const quick = readCaseFast(text, policy);
        if (quick) {
          fast++;
          expect(slow.problems).toEqual([]);
          expect(quick).toStrictEqual(slow.case);
          // Same keys in the same order, and the same decimals digit for digit.
          expect(json(quick)).toBe(json(slow.case));
        } else if (slow.case && slow.problems.length === 0) {
          // A clean file goes the full way only for overrides or a notation other than the plain one.
          const notation = [...NOTATIONS.money, ...NOTATIONS.date].some((n) => text.includes(n));
          expect(/^parameters:/m.test(text) || notation, text).toBe(true);
        } else full++;
      }),
      { numRuns: 600 },
    );
    // Both kinds of file were generated.
    expect(fast).toBeGreaterThan(20);
    expect(full).toBeGreaterThan(20);
  });

  it('reads the examples without the full path, to the same Case', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const files = readdirSync('examples').filter((f) => f.endsWith('.yaml'));
    for (const f of files) {
      const text = readFileSync(`examples/${f}`, 'utf8');
      const quick = readCaseFast(text, policy);
      expect(quick, f).toBeDefined();
      expect(json(quick)).toBe(json(parseCase(text, policy, f).case));
    }
  });

  it('leaves to parseCase what its limits refuse: aliases, and more entries than it allows', () => {
    expect(FAST_MAX_ENTRIES).toBeLessThanOrEqual(MAX_LIST_ENTRIES);
    const alias = 'name: &n 某公司\nkind: enterprise\nindustry: new-materials\nprojects:\n  - name: *n\n';
    expect(readCaseFast(alias, policy)).toBeUndefined();
    expect(parseCase(alias, policy, 'a.yaml').case).toBeUndefined();
    const many = `name: x\nkind: enterprise\nrecognitions:\n${'  - {type: smart-workshop, level: city, date: 2019-05-01}\n'.repeat(FAST_MAX_ENTRIES + 1)}`;
    expect(readCaseFast(many, policy)).toBeUndefined();
  });

  it('openCase gives parseCase\'s problems, with line and column, when the file has any', async () => {
    const text = 'name: 某公司\nkind: enterprise\nindustry: new-energy-vehicle\n';
    const opened = await openCase(text, policy, 'bad.yaml');
    expect(opened).toEqual(parseCase(text, policy, 'bad.yaml'));
    expect(opened.case).toBeUndefined();
    expect(opened.problems[0]).toMatchObject({ file: 'bad.yaml', line: 3, col: 11 });
  });
});
