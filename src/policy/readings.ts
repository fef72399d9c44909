import { didYouMean } from '../values/suggest.js';
import type { CompiledItem, Policy, ReadingChoices } from './model.js';

// Choosing readings: `--reading scope=whole-fund`, a test case's pins. Every combination was
// compiled with the policy (compile/readings.ts); choosing one is a lookup.

const itemsCache = new WeakMap<Policy, Map<string, CompiledItem[]>>();

/** The alternative in force for each reading: the one chosen, else the default. */
export function readingsInForce(policy: Policy, choices: ReadingChoices = {}): { id: string; alternative: string; isDefault: boolean }[] {
  return policy.readings.map((r) => {
    const alternative = choices[r.id] ?? r.default;
    return { id: r.id, alternative, isDefault: alternative === r.default };
  });
}

/** The policy's items as the chosen readings read them (the items themselves when all are defaults). */
export function itemsUnder(policy: Policy, choices?: ReadingChoices): CompiledItem[] {
  if (!choices) return policy.items;
  const chosen = policy.readings.filter((r) => choices[r.id] !== undefined && choices[r.id] !== r.default);
  if (chosen.length === 0) return policy.items;
  const key = chosen.map((r) => `${r.id}=${choices[r.id]}`).join(';');
  let byKey = itemsCache.get(policy);
  if (!byKey) {
    byKey = new Map();
    itemsCache.set(policy, byKey);
  }
  const hit = byKey.get(key);
  if (hit) return hit;
  const items = policy.items.map((item) => {
    if (!item.variants) return item;
    const variantKey = item.readings.map((id) => `${id}=${choices[id] ?? policy.readings.find((r) => r.id === id)?.default}`).join(';');
    return item.variants.get(variantKey) ?? item;
  });
  byKey.set(key, items);
  return items;
}

/**
 * Reads `ID=ALT` pairs (as given to --reading) into choices; each problem says what was expected,
 * with the readings and alternatives the policy has.
 */
export function parseReadingChoices(policy: Policy, pairs: readonly string[]): { choices: ReadingChoices; problems: string[] } {
  // No prototype: `--reading toString=x` is a reading the policy lacks, not a function it inherits.
  const choices: ReadingChoices = Object.create(null);
  const problems: string[] = [];
  const ids = policy.readings.map((r) => r.id);
  for (const pair of pairs) {
    const m = /^\s*([^=\s]+)\s*=\s*([^=\s]+)\s*$/.exec(pair);
    if (!m) {
      problems.push(`"${pair}" is not a reading choice: write ID=ALTERNATIVE, e.g. ${exampleChoice(policy)}`);
      continue;
    }
    const [, id, alt] = m as unknown as [string, string, string];
    problems.push(...checkChoice(policy, id, alt, ids));
    if (choices[id] !== undefined && choices[id] !== alt) problems.push(`reading "${id}" is given twice (${choices[id]} and ${alt})`);
    choices[id] = alt;
  }
  return { choices, problems };
}

/** Problems with choices given as a mapping (a test case's `readings:`). */
export function checkReadingChoices(policy: Policy, choices: ReadingChoices): string[] {
  const ids = policy.readings.map((r) => r.id);
  return Object.entries(choices).flatMap(([id, alt]) => checkChoice(policy, id, alt, ids));
}

function checkChoice(policy: Policy, id: string, alt: string, ids: string[]): string[] {
  const reading = policy.readings.find((r) => r.id === id);
  if (!reading) {
    return [ids.length ? `no reading "${id}" in this policy${didYouMean(id, ids)}; the readings are: ${ids.join(', ')}` : `no reading "${id}": this policy declares no readings`];
  }
  const alts = reading.alternatives.map((a) => a.id);
  if (!alts.includes(alt)) return [`"${alt}" is not an alternative of reading "${id}"${didYouMean(alt, alts)}; the alternatives are: ${alts.join(', ')}`];
  return [];
}

function exampleChoice(policy: Policy): string {
  const r = policy.readings[0];
  const alt = r?.alternatives.find((a) => a.id !== r.default) ?? r?.alternatives[0];
  return r && alt ? `${r.id}=${alt.id}` : 'scope=whole-fund';
}
