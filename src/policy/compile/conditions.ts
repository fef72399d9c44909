import type { PathSegment } from '../../errors/problem.js';
import { parseCalendarDate } from '../../values/dates.js';
import { parseMoney, parseNumber, parseRate } from '../../values/money.js';
import { didYouMean } from '../../values/suggest.js';
import type { CompiledCondition, ConditionValue } from '../model.js';
import type { Condition } from '../schema.js';
import type { FactEntry, ItemContext } from './context.js';

// Conditions: the all / any / not tree, each leaf a fact compared with a value of the fact's own
// type (checked here, so that a wrongly typed comparison is an error at load, never a silent false).

const DATE_OPS = new Set(['newly', 'on_or_after', 'before', 'at_least_years_ago']);
const ORDER_OPS = new Set(['gte', 'gt', 'lte', 'lt']);
const OP_WORDS: Record<string, string> = { gte: '"at least"', gt: '"more than"', lte: '"at most"', lt: '"less than"' };
/** A fact's type in words, for messages to a policy maintainer. */
const TYPE_NAMES: Record<string, string> = {
  text: 'text', money: 'an amount of money', number: 'a number', boolean: 'a yes/no fact', date: 'a date', enum: 'a choice', rate: 'a percentage', list: 'a list',
};

export function compileCondition(c: Condition, path: PathSegment[], ctx: ItemContext): CompiledCondition | undefined {
  const clause = ctx.item.clause;
  if (c.all || c.any) {
    const key = c.all ? 'all' : 'any';
    const children = (c.all ?? c.any ?? []).map((child, i) => compileCondition(child, [...path, key, i], ctx));
    if (children.some((x) => x === undefined)) return undefined;
    return key === 'all'
      ? { type: 'all', label: c.label, children: children as CompiledCondition[] }
      : { type: 'any', label: c.label, children: children as CompiledCondition[] };
  }
  if (c.not) {
    const child = compileCondition(c.not, [...path, 'not'], ctx);
    return child ? { type: 'not', label: c.label, child } : undefined;
  }
  const fact = ctx.lookupFact(c.fact as string, ctx.item.each, [...path, 'fact'], clause);
  if (!fact) return undefined;
  const op = (['eq', 'ne', 'in', 'not_in', 'gte', 'gt', 'lte', 'lt', 'is', 'present', 'newly', 'on_or_after', 'before', 'at_least_years_ago', 'in_scope'] as const).find(
    (o) => c[o] !== undefined,
  );
  if (!op) return undefined;
  const raw = c[op];
  const opPath = [...path, op];
  const bad = (message: string) => {
    ctx.report(opPath, message, clause);
    return undefined;
  };
  const label = c.label;
  const leaf = (value: ConditionValue | ConditionValue[] | number, written: string): CompiledCondition => ({
    type: 'leaf', label, fact, op, value, written,
  });

  if (op === 'present') return leaf(raw as boolean, String(raw));
  if (op === 'in_scope') {
    if (fact.def.choices_from !== 'industries') return bad(`in_scope compares an industry: "${fact.path}" does not take its choices from industries`);
    return leaf(raw as boolean, String(raw));
  }
  if (op === 'is') {
    if (fact.type !== 'boolean') return bad(`"is" needs a true/false fact, but "${fact.path}" is ${fact.type}`);
    return leaf(raw as boolean, String(raw));
  }
  if (DATE_OPS.has(op)) {
    if (fact.type !== 'date') return bad(`${op} needs a date fact, but "${fact.path}" is ${TYPE_NAMES[fact.type] ?? fact.type}`);
    if (op === 'newly') return leaf(ctx.issued, ctx.issued);
    if (op === 'at_least_years_ago') return leaf(raw as number, String(raw));
    const d = parseCalendarDate(raw);
    if (!d.ok) return bad(d.message);
    return leaf(d.value, d.value);
  }
  if (ORDER_OPS.has(op)) {
    const parsed = parseScalarFor(fact, raw);
    if (fact.type !== 'money' && fact.type !== 'number' && fact.type !== 'rate') {
      return bad(`${OP_WORDS[op] ?? op} (${op}) compares amounts or numbers, but "${fact.path}" is ${TYPE_NAMES[fact.type] ?? fact.type}`);
    }
    if (!parsed.ok) return bad(parsed.message);
    return leaf(parsed.value, String(raw));
  }
  // eq, ne, in, not_in
  const values = Array.isArray(raw) ? raw : [raw];
  const parsed: ConditionValue[] = [];
  for (const v of values) {
    const p = parseScalarFor(fact, v);
    if (!p.ok) return bad(p.message);
    parsed.push(p.value);
  }
  const written = values.map(String).join(', ');
  return leaf(op === 'in' || op === 'not_in' ? parsed : (parsed[0] as ConditionValue), written);
}

function parseScalarFor(fact: FactEntry, v: unknown): { ok: true; value: ConditionValue } | { ok: false; message: string } {
  switch (fact.type) {
    case 'money':
      return parseMoney(v);
    case 'rate':
      return parseRate(v);
    case 'number':
      return parseNumber(v);
    case 'boolean':
      return typeof v === 'boolean' ? { ok: true, value: v } : { ok: false, message: `"${fact.path}" is true/false, got ${String(v)}` };
    case 'date': {
      return parseCalendarDate(v);
    }
    case 'enum': {
      const ids = fact.choices.map((c) => c.id);
      if (typeof v === 'string' && ids.includes(v)) return { ok: true, value: v };
      return { ok: false, message: `"${String(v)}" is not a choice of ${fact.path}${didYouMean(String(v), ids)}` };
    }
    default:
      return typeof v === 'string' ? { ok: true, value: v } : { ok: false, message: `expected text for ${fact.path}` };
  }
}
