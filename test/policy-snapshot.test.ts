import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCase } from '../src/case/load.js';
import { evaluate } from '../src/engine/evaluate.js';
import { findOpportunities } from '../src/engine/opportunities.js';
import { InputError } from '../src/errors/problem.js';
import { BUILTIN_POLICY_DIR, compilePolicySnapshot, loadPolicy, openPolicy, readCompiledPolicy } from '../src/policy/load.js';
import type { Policy } from '../src/policy/model.js';
import { decodePolicy, encodePolicy } from '../src/policy/snapshot.js';
import { toJson } from '../src/values/json.js';
import { Money } from '../src/values/money.js';

// The compiled policy snapshot (dist/policies/<id>.json): read back, it is the policy the full
// path compiles (same values, same shared objects, same results), and it is used only when it
// was made from the very policy and source text on disk.
const SHIPPED = join(BUILTIN_POLICY_DIR, 'liuzhou-2018-sei.yaml');
const full = loadPolicy(SHIPPED);

/** Checks that two object graphs have the same shape: same keys in order, and objects shared alike. */
function sameSharing(a: unknown, b: unknown): string[] {
  const a2b = new Map<object, unknown>();
  const b2a = new Map<object, unknown>();
  const problems: string[] = [];
  const walk = (x: unknown, y: unknown, path: string) => {
    if (x === null || typeof x !== 'object') return;
    if (y === null || typeof y !== 'object') {
      problems.push(`${path}: object vs ${String(y)}`);
      return;
    }
    if (a2b.has(x) || b2a.has(y)) {
      if (a2b.get(x) !== y || b2a.get(y) !== x) problems.push(`${path}: shared differently`);
      return;
    }
    a2b.set(x, y);
    b2a.set(y, x);
    if (Money.isDecimal(x)) return;
    if (x instanceof Map && y instanceof Map) {
      const ys = [...y];
      [...x].forEach(([k, v], i) => {
        walk(v, ys[i]?.[1], `${path}.get(${String(k)})`);
      });
      return;
    }
    if (x instanceof Set) return;
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    if (kx.join() !== ky.join()) problems.push(`${path}: keys ${kx.join()} vs ${ky.join()}`);
    for (const k of kx) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${path}.${k}`);
  };
  walk(a, b, 'policy');
  return problems;
}

function snapshotDir(policy = SHIPPED): { dir: string; name: string } {
  const dir = mkdtempSync(join(tmpdir(), 'subsidy-snapshot-'));
  const { name, text } = compilePolicySnapshot(policy, dir);
  if (!text) throw new Error('the shipped policy does not compile');
  writeFileSync(name, text);
  return { dir, name };
}

describe('compiled policy snapshot', () => {
  const { dir } = snapshotDir();
  const text = readFileSync(SHIPPED, 'utf8');
  const snap = readCompiledPolicy(SHIPPED, text, dir) as Policy;

  it('reads back the policy the full path compiles: equal values, Money, Maps, Sets and shared objects', () => {
    expect(snap).toBeDefined();
    expect(snap).toStrictEqual(full);
    expect(sameSharing(full, snap)).toEqual([]);
    expect(snap.items[0]?.caps[0]?.amount).toBeInstanceOf(Money);
  });

  it('gives the same results, byte for byte, on every example', () => {
    const examples = readdirSync('examples').filter((f) => f.endsWith('.yaml'));
    expect(examples.length).toBeGreaterThan(10);
    for (const f of examples) {
      const caseText = readFileSync(join('examples', f), 'utf8');
      const out = (policy: Policy) => {
        const c = parseCase(caseText, policy, f).case;
        if (!c) throw new Error(`${f} does not parse`);
        const result = evaluate(policy, c, { asOf: '2020-12-31' });
        return toJson({ ...result, opportunities: findOpportunities(policy, c, result) });
      };
      expect(out(snap), f).toBe(out(full));
    }
  });

  it('keeps what plain JSON would lose: -0, unset properties, keys starting with $, shared arrays', () => {
    const shared = ['a', 'b'];
    const weird = {
      ...full,
      notice: undefined,
      budget: { clause: '（一）', quote: 'q', amount: new Money('-0'), label: { zh: '$d', en: '$r' } },
      facts: new Map([['$d', { $r: 1, list: shared, again: shared, nothing: undefined }]]),
      industryIds: new Set(['x', '$u']),
    } as unknown as Policy;
    const back = decodePolicy(encodePolicy(weird), { path: weird.path, sourceText: weird.sourceText });
    expect(back).toStrictEqual(weird);
    expect(sameSharing(weird, back)).toEqual([]);
    expect(back.budget?.amount.isNegative()).toBe(true);
    expect(Object.keys(back)).toEqual(Object.keys(weird));
    expect('notice' in back).toBe(true);
  });

  it('is not used once the policy or its source text changes, and the full checks run instead', () => {
    const copy = mkdtempSync(join(tmpdir(), 'subsidy-policy-'));
    const policyFile = join(copy, 'liuzhou-2018-sei.yaml');
    copyFileSync(SHIPPED, policyFile);
    copyFileSync(join(BUILTIN_POLICY_DIR, full.file.source), join(copy, full.file.source));
    const own = snapshotDir(policyFile);
    expect(readCompiledPolicy(policyFile, readFileSync(policyFile, 'utf8'), own.dir)).toBeDefined();
    writeFileSync(policyFile, `${readFileSync(policyFile, 'utf8')}\n# edited\n`);
    expect(readCompiledPolicy(policyFile, readFileSync(policyFile, 'utf8'), own.dir)).toBeUndefined();
    copyFileSync(SHIPPED, policyFile);
    writeFileSync(join(copy, full.file.source), `${readFileSync(join(copy, full.file.source), 'utf8')}。`);
    expect(readCompiledPolicy(policyFile, readFileSync(policyFile, 'utf8'), own.dir)).toBeUndefined();
  });

  it('is ignored when written by another snapshot format, or unreadable', () => {
    const { dir: other, name } = snapshotDir();
    const [header, body] = readFileSync(name, 'utf8').split('\n');
    writeFileSync(name, `${header?.replace('"format":1', '"format":0')}\n${body}`);
    expect(readCompiledPolicy(SHIPPED, text, other)).toBeUndefined();
    writeFileSync(name, 'not json\n{}');
    expect(readCompiledPolicy(SHIPPED, text, other)).toBeUndefined();
  });

  it('serves a shipped policy chosen by id; a policy file given by path always gets the full checks', () => {
    const { dir: marked, name } = snapshotDir();
    // A snapshot with the right key but a different title shows which path loaded the policy.
    writeFileSync(name, readFileSync(name, 'utf8').replace('柳州市加快战略性新兴产业发展的若干意见', '快照'));
    expect(loadPolicy('liuzhou-2018-sei', { compiledDir: marked }).title.zh).toBe('快照');
    expect(loadPolicy(undefined, { compiledDir: marked }).title.zh).toBe('快照');
    expect(loadPolicy(SHIPPED, { compiledDir: marked }).title.zh).toBe('柳州市加快战略性新兴产业发展的若干意见');
  });

  it('serves a shipped policy again from memory, in one process; a policy given by path is checked every time', () => {
    const first = loadPolicy('liuzhou-2018-sei');
    expect(loadPolicy('liuzhou-2018-sei')).toBe(first);
    expect(loadPolicy()).toBe(first);
    const byPath = loadPolicy(SHIPPED);
    expect(byPath).not.toBe(first);
    expect(loadPolicy(SHIPPED)).not.toBe(byPath);
    expect(byPath.title).toEqual(first.title);
  });

  it('openPolicy (for fast commands) reads the same way: the snapshot by id, the full checks otherwise', async () => {
    const { dir: marked, name } = snapshotDir();
    writeFileSync(name, readFileSync(name, 'utf8').replace('柳州市加快战略性新兴产业发展的若干意见', '快照'));
    expect((await openPolicy('liuzhou-2018-sei', { compiledDir: marked })).title.zh).toBe('快照');
    expect(await openPolicy(SHIPPED, { compiledDir: marked })).toStrictEqual(full);
    const empty = mkdtempSync(join(tmpdir(), 'subsidy-snapshot-'));
    expect(await openPolicy(undefined, { compiledDir: empty })).toStrictEqual(full);
    await expect(openPolicy('no-such-policy')).rejects.toThrow(/no policy "no-such-policy"; shipped: liuzhou-2018-sei/);
  });

  it('is not written for a policy with errors: the build reports them with line and column', () => {
    const copy = mkdtempSync(join(tmpdir(), 'subsidy-policy-'));
    const policyFile = join(copy, 'broken.yaml');
    writeFileSync(policyFile, readFileSync(SHIPPED, 'utf8').replace('issued: 2018-02-06', 'issued: 2018-02-30'));
    copyFileSync(join(BUILTIN_POLICY_DIR, full.file.source), join(copy, full.file.source));
    const { text: written, problems } = compilePolicySnapshot(policyFile, copy);
    expect(written).toBeUndefined();
    expect(problems.filter((p) => p.severity === 'error').map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual(['13:9 "2018-02-30" is not a real calendar date']);
    expect(() => loadPolicy(policyFile)).toThrow(InputError);
  });

  it('the build has written a current snapshot of every shipped policy', () => {
    // `npm test` builds first; the snapshot must be the one this policy and source text give.
    const built = join('dist', 'policies', 'liuzhou-2018-sei.json');
    expect(existsSync(built), 'run npm run build').toBe(true);
    expect(readCompiledPolicy(SHIPPED, text, join('dist', 'policies'))).toStrictEqual(full);
  });
});
