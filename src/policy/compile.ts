import { type Money, parseDate, parseMoney, parseNumber, parseRate } from '../values/money.js';
import { didYouMean } from '../values/suggest.js';
import type { PathSegment } from '../errors/problem.js';
import type {
  CompiledAward,
  CompiledCap,
  CompiledCondition,
  CompiledExpr,
  CompiledItem,
  CompiledParameter,
  ConditionValue,
  FactRef,
  ListInfo,
  Policy,
  RateRange,
} from './model.js';
import type { Choice, Condition, Expr, Field, Item, PolicyFile, Rate } from './schema.js';

// Stage two of loading, after the schema: meaning. Every reference is resolved and every amount
// parsed; each problem is pushed as {path, message} (never thrown) so that all are reported at once.

export interface CompileProblem {
  path: PathSegment[];
  message: string;
  clause?: string;
  severity?: 'error' | 'warning';
}

type FactEntry = FactRef & { def: Field };

export function compilePolicy(
  file: PolicyFile,
  opts: { path: string; sourceText: string },
): { policy?: Policy; problems: CompileProblem[] } {
  const problems: CompileProblem[] = [];
  const report = (path: PathSegment[], message: string, clause?: string) => problems.push({ path, message, clause });

  const kindIds = file.applicant_kinds.map((k) => k.id);
  const industryIds = new Set(file.industries.map((i) => i.id));
  const groupIds = new Set(file.industry_groups.map((g) => g.id));
  file.industries.forEach((ind, i) => {
    if (!groupIds.has(ind.group)) report(['industries', i, 'group'], `unknown industry group "${ind.group}"${didYouMean(ind.group, groupIds)}`);
  });
  checkUnique(file.applicant_kinds.map((k) => k.id), (i, id) => report(['applicant_kinds', i, 'id'], `duplicate applicant kind "${id}"`));
  checkUnique(file.industries.map((k) => k.id), (i, id) => report(['industries', i, 'id'], `duplicate industry "${id}"`));

  const resolveChoices = (def: Field, path: PathSegment[]): Choice[] => {
    const extra = def.extra_choices ?? [];
    if (def.type !== 'enum') {
      if (def.choices || def.choices_from) report(path, `only an enum fact has choices (this one is ${def.type})`);
      return [];
    }
    if (def.choices_from === 'applicant_kinds') return [...file.applicant_kinds, ...extra];
    if (def.choices_from === 'industries') return [...file.industries.map((i) => ({ id: i.id, label: i.label })), ...extra];
    if (!def.choices || def.choices.length === 0) {
      report(path, 'an enum fact needs choices or choices_from');
      return [];
    }
    return [...def.choices, ...extra];
  };

  const facts = new Map<string, FactEntry>();
  const lists = new Map<string, ListInfo>();
  for (const [id, def] of Object.entries(file.facts)) {
    if (def.type === 'list') {
      if (!def.fields || Object.keys(def.fields).length === 0) {
        report(['facts', id], 'a list fact needs fields');
        continue;
      }
      const fields = new Map<string, FactEntry>();
      for (const [fid, fdef] of Object.entries(def.fields)) {
        if (fdef.type === 'list') {
          report(['facts', id, 'fields', fid, 'type'], 'lists cannot be nested');
          continue;
        }
        fields.set(fid, factEntry(`${id}.${fid}`, fid, fdef, resolveChoices(fdef, ['facts', id, 'fields', fid]), id));
      }
      lists.set(id, {
        id,
        label: def.label,
        itemLabel: def.item_label ?? def.label,
        help: def.help,
        changeable: def.changeable ?? false,
        fields,
      });
    } else {
      if (def.fields) report(['facts', id, 'fields'], 'only a list fact has fields');
      facts.set(id, factEntry(id, id, def, resolveChoices(def, ['facts', id])));
    }
  }
  for (const required of ['name', 'kind']) {
    if (!facts.has(required)) report(['facts'], `the facts must declare "${required}" (the applicant's ${required})`);
  }
  const kindFact = facts.get('kind');
  if (kindFact && kindFact.def.choices_from !== 'applicant_kinds') {
    report(['facts', 'kind', 'choices_from'], 'the "kind" fact must take its choices from applicant_kinds');
  }

  const parameters = new Map<string, CompiledParameter>();
  for (const [id, def] of Object.entries(file.parameters)) {
    const schedule: CompiledParameter['schedule'] = [];
    def.schedule.forEach((entry, i) => {
      const path: PathSegment[] = ['parameters', id, 'schedule', i];
      const parse = (text: string, p: PathSegment[]): Money | undefined => {
        const r = def.type === 'rate' ? parseRate(text) : parseMoney(text);
        if (!r.ok) report(p, r.message);
        return r.ok ? r.value : undefined;
      };
      if (!parseDate(entry.from).ok) report([...path, 'from'], `"${entry.from}" is not a real date`);
      if ((entry.value === undefined) === (entry.values === undefined)) report(path, 'give either value or values');
      const values = entry.values
        ? new Map(Object.entries(entry.values).flatMap(([k, v]) => {
            const m = parse(v, [...path, 'values', k]);
            return m ? [[k, m] as const] : [];
          }))
        : undefined;
      const value = entry.value !== undefined ? parse(entry.value, [...path, 'value']) : undefined;
      const previous = i > 0 ? def.schedule[i - 1]?.from : undefined;
      if (previous !== undefined && entry.from === previous) {
        report([...path, 'from'], `two periods start on ${entry.from}: which value is in force from that date is ambiguous`);
      } else if (previous !== undefined && entry.from < previous) {
        report([...path, 'from'], `this period starts on ${entry.from}, before the one above it (${previous}): list the periods in date order, each starting after the previous one`);
      }
      schedule.push({ from: entry.from, value, values });
    });
    parameters.set(id, { id, label: def.label, type: def.type, note: def.note, schedule });
  }

  const lookupFact = (path: string, each: string | undefined, at: PathSegment[], clause: string): FactEntry | undefined => {
    const [head, field, ...rest] = path.split('.');
    if (field === undefined) {
      const f = facts.get(path);
      if (!f) {
        const all = [...facts.keys(), ...[...lists.values()].flatMap((l) => [...l.fields.keys()].map((k) => `${l.id}.${k}`))];
        report(at, `unknown fact "${path}"${didYouMean(path, all)}`, clause);
      }
      return f;
    }
    const list = lists.get(head as string);
    if (!list || rest.length > 0) {
      report(at, `unknown fact "${path}"${didYouMean(head as string, lists.keys())}`, clause);
      return undefined;
    }
    const f = list.fields.get(field);
    if (!f) {
      report(at, `unknown field "${field}" of ${head}${didYouMean(field, list.fields.keys())}`, clause);
      return undefined;
    }
    if (each !== head) {
      report(at, `"${path}" is a field of the list ${head}: the item must say "each: ${head}" to use it`, clause);
      return undefined;
    }
    return f;
  };

  const itemIds = new Set<string>();
  const items: CompiledItem[] = [];
  file.items.forEach((item, index) => {
    const at: PathSegment[] = ['items', index];
    if (itemIds.has(item.id)) report([...at, 'id'], `duplicate item id "${item.id}"`, item.clause);
    itemIds.add(item.id);
    if (!/^（[一二三四五六七八九十]+）$/.test(item.clause)) {
      report([...at, 'clause'], `a clause is cited as in the text, e.g. （二十四）, got "${item.clause}"`, item.clause);
    } else if (!opts.sourceText.includes(item.clause)) {
      report([...at, 'clause'], `clause ${item.clause} does not exist in the source text`, item.clause);
    }
    if (!opts.sourceText.includes(item.quote)) {
      report([...at, 'quote'], quoteMismatch(item.quote, opts.sourceText), item.clause);
    }
    item.applicants.forEach((a, i) => {
      if (!kindIds.includes(a)) report([...at, 'applicants', i], `unknown applicant kind "${a}"${didYouMean(a, kindIds)}`, item.clause);
    });
    if (item.each && !lists.has(item.each)) {
      report([...at, 'each'], `"${item.each}" is not a list fact${didYouMean(item.each, lists.keys())}`, item.clause);
    }
    const ctx: ItemContext = { item, at, report, lookupFact, industryIds, issued: file.issued, parameters };
    const when = item.when ? compileCondition(item.when, [...at, 'when'], ctx) : undefined;
    const award = compileAward(item, [...at, 'award'], ctx);
    const caps: CompiledCap[] = (item.caps ?? []).flatMap((cap, i) => {
      const amount = parseMoneyAt(cap.amount, [...at, 'caps', i, 'amount'], ctx);
      if (amount?.isZero()) report([...at, 'caps', i, 'amount'], 'a cap must be positive', item.clause);
      if (cap.per === 'record' && !item.each) {
        report([...at, 'caps', i, 'per'], 'a per-record cap needs an item that says "each:"', item.clause);
      }
      return amount ? [{ amount, per: cap.per, label: cap.label }] : [];
    });
    if (award && award.kind === 'unquantified' && caps.length > 0) {
      report([...at, 'caps'], 'an unquantified award has no caps (use ceiling for a named maximum)', item.clause);
    }
    if (when && award) {
      items.push({
        id: item.id,
        index,
        clause: item.clause,
        title: item.title,
        quote: item.quote,
        applicants: item.applicants,
        each: item.each,
        when,
        award,
        caps,
        years: item.period?.years ?? 1,
        periodLabel: item.period?.label,
        assumptions: item.assumptions ?? [],
        interpretation: item.interpretation ?? [],
        sharedCaps: [],
      });
    } else if (!item.when && award) {
      items.push({
        id: item.id, index, clause: item.clause, title: item.title, quote: item.quote, applicants: item.applicants,
        each: item.each, award, caps, years: item.period?.years ?? 1, periodLabel: item.period?.label,
        assumptions: item.assumptions ?? [], interpretation: item.interpretation ?? [], sharedCaps: [],
      });
    }
  });

  const sharedCaps = file.shared_caps.flatMap((sc, i) => {
    const at: PathSegment[] = ['shared_caps', i];
    if (!opts.sourceText.includes(sc.quote)) report([...at, 'quote'], quoteMismatch(sc.quote, opts.sourceText), sc.clause);
    const amount = parseMoneyAt(sc.amount, [...at, 'amount'], { report, item: { clause: sc.clause } });
    if (amount?.isZero()) report([...at, 'amount'], 'a cap must be positive', sc.clause);
    sc.items.forEach((id, j) => {
      const item = items.find((it) => it.id === id);
      if (!item) report([...at, 'items', j], `unknown item "${id}"${didYouMean(id, itemIds)}`, sc.clause);
      else if (item.award.kind !== 'percent' && item.award.kind !== 'fixed' && item.award.kind !== 'fixed_by' && item.award.kind !== 'up_to') {
        report([...at, 'items', j], `item "${id}" has no amount to cap`, sc.clause);
      } else item.sharedCaps.push(sc.id);
    });
    return amount ? [{ id: sc.id, clause: sc.clause, title: sc.title, quote: sc.quote, items: sc.items, amount }] : [];
  });

  let budget: Policy['budget'];
  if (file.budget) {
    if (!opts.sourceText.includes(file.budget.quote)) report(['budget', 'quote'], quoteMismatch(file.budget.quote, opts.sourceText), file.budget.clause);
    const amount = parseMoneyAt(file.budget.amount, ['budget', 'amount'], { report, item: { clause: file.budget.clause } });
    if (amount) budget = { clause: file.budget.clause, quote: file.budget.quote, amount, label: file.budget.label };
  }
  if (!parseDate(file.issued).ok) report(['issued'], `"${file.issued}" is not a real date`);

  if (problems.length > 0) return { problems };
  return {
    problems,
    policy: {
      file,
      id: file.id,
      title: file.title,
      issued: file.issued,
      path: opts.path,
      sourceText: opts.sourceText,
      budget,
      notice: file.notice,
      facts,
      lists,
      industryIds,
      items,
      sharedCaps,
      parameters,
    },
  };
}

function factEntry(path: string, name: string, def: Field, choices: Choice[], list?: string): FactEntry {
  return {
    path,
    name,
    list,
    type: def.type,
    label: def.label,
    judgement: def.judgement ?? false,
    changeable: def.changeable ?? false,
    choices,
    def,
  };
}

function checkUnique(ids: string[], onDuplicate: (index: number, id: string) => void) {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) onDuplicate(i, id);
    seen.add(id);
  });
}

interface ItemContext {
  item: Item;
  at: PathSegment[];
  report: (path: PathSegment[], message: string, clause?: string) => void;
  lookupFact: (path: string, each: string | undefined, at: PathSegment[], clause: string) => FactEntry | undefined;
  industryIds: Set<string>;
  issued: string;
  parameters: Map<string, CompiledParameter>;
}

function parseMoneyAt(
  text: string | number,
  path: PathSegment[],
  ctx: { report: ItemContext['report']; item: { clause: string } },
): Money | undefined {
  const r = parseMoney(text);
  if (!r.ok) ctx.report(path, r.message, ctx.item.clause);
  return r.ok ? r.value : undefined;
}

const DATE_OPS = new Set(['newly', 'on_or_after', 'before', 'at_least_years_ago']);
const ORDER_OPS = new Set(['gte', 'gt', 'lte', 'lt']);
const OP_WORDS: Record<string, string> = { gte: '"at least"', gt: '"more than"', lte: '"at most"', lt: '"less than"' };
/** A fact's type in words, for messages to a policy maintainer. */
const TYPE_NAMES: Record<string, string> = {
  text: 'text', money: 'an amount of money', number: 'a number', boolean: 'a yes/no fact', date: 'a date', enum: 'a choice', rate: 'a percentage', list: 'a list',
};

function compileCondition(c: Condition, path: PathSegment[], ctx: ItemContext): CompiledCondition | undefined {
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
    const d = parseDate(raw);
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
      return parseDate(v);
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

function compileExpr(e: Expr, path: PathSegment[], ctx: ItemContext): CompiledExpr | undefined {
  const clause = ctx.item.clause;
  if (e.fact !== undefined) {
    const fact = ctx.lookupFact(e.fact, ctx.item.each, [...path, 'fact'], clause);
    if (!fact) return undefined;
    if (fact.type !== 'money' && fact.type !== 'number' && fact.type !== 'rate') {
      ctx.report([...path, 'fact'], `a basis must be money, a number or a rate, but "${fact.path}" is ${fact.type}`, clause);
      return undefined;
    }
    return { type: 'fact', fact };
  }
  if (e.param !== undefined) {
    const param = ctx.parameters.get(e.param);
    if (!param) {
      ctx.report([...path, 'param'], `unknown parameter "${e.param}"${didYouMean(e.param, ctx.parameters.keys())}`, clause);
      return undefined;
    }
    const keyed = param.schedule.some((s) => s.values);
    let key: FactEntry | undefined;
    if (e.key !== undefined) {
      key = ctx.lookupFact(e.key, ctx.item.each, [...path, 'key'], clause);
      if (!key) return undefined;
      if (!keyed) ctx.report([...path, 'key'], `parameter "${e.param}" has a single value: it takes no key`, clause);
      for (const entry of param.schedule) {
        for (const choice of key.choices) {
          if (entry.values && !entry.values.has(choice.id)) {
            ctx.report([...path, 'key'], `parameter "${e.param}" has no value for ${key.path} = ${choice.id} from ${entry.from}`, clause);
          }
        }
      }
    } else if (keyed) {
      ctx.report(path, `parameter "${e.param}" has keyed values: say which fact picks the key`, clause);
    }
    let at: FactEntry | undefined;
    if (e.at !== undefined) {
      at = ctx.lookupFact(e.at, ctx.item.each, [...path, 'at'], clause);
      if (at && at.type !== 'date') {
        ctx.report([...path, 'at'], `"at" picks the value in force on a date, but "${at.path}" is ${at.type}`, clause);
        return undefined;
      }
    }
    return { type: 'param', param: e.param, key, at };
  }
  const factors = (e.product ?? []).map((f, i) => compileExpr(f, [...path, 'product', i], ctx));
  if (factors.some((f) => !f)) return undefined;
  return { type: 'product', factors: factors as CompiledExpr[] };
}

function compileRate(rate: Rate, path: PathSegment[], ctx: ItemContext): RateRange | undefined {
  const clause = ctx.item.clause;
  const one = (text: string, p: PathSegment[]) => {
    const r = parseRate(text);
    if (!r.ok) ctx.report(p, r.message, clause);
    return r.ok ? r.value : undefined;
  };
  if (typeof rate === 'string') {
    const v = one(rate, path);
    return v ? { low: v, high: v, form: 'fixed' } : undefined;
  }
  if ('up_to' in rate) {
    const v = one(rate.up_to, [...path, 'up_to']);
    return v ? { low: v.times(0), high: v, form: 'up-to' } : undefined;
  }
  const low = one(rate.low, [...path, 'low']);
  const high = one(rate.high, [...path, 'high']);
  if (!low || !high) return undefined;
  if (low.greaterThan(high)) {
    ctx.report([...path, 'low'], `the low rate ${rate.low} is above the high rate ${rate.high}`, clause);
    return undefined;
  }
  return { low, high, form: 'range' };
}

function compileAward(item: Item, path: PathSegment[], ctx: ItemContext): CompiledAward | undefined {
  const a = item.award;
  const clause = item.clause;
  const need = (key: keyof typeof a, what: string) => {
    if (a[key] === undefined) ctx.report(path, `a ${a.kind} award needs ${key} (${what})`, clause);
    return a[key] !== undefined;
  };
  const extraneous = (allowed: (keyof typeof a)[]) => {
    for (const key of Object.keys(a) as (keyof typeof a)[]) {
      if (key !== 'kind' && !allowed.includes(key)) ctx.report([...path, key], `a ${a.kind} award does not take ${key}`, clause);
    }
  };
  switch (a.kind) {
    case 'percent': {
      extraneous(['basis', 'basis_label', 'rate']);
      if (!need('basis', 'what the rate applies to') || !need('rate', 'such as 10% or {low: 10%, high: 12%}')) return undefined;
      const basis = compileExpr(a.basis as Expr, [...path, 'basis'], ctx);
      const rate = compileRate(a.rate as Rate, [...path, 'rate'], ctx);
      return basis && rate ? { kind: 'percent', basis, basisLabel: a.basis_label, rate } : undefined;
    }
    case 'fixed':
    case 'up_to': {
      extraneous(['amount']);
      if (!need('amount', 'such as 10万')) return undefined;
      const amount = parseMoneyAt(a.amount as string, [...path, 'amount'], ctx);
      if (amount?.isZero()) ctx.report([...path, 'amount'], 'an award amount must be positive', clause);
      return amount ? { kind: a.kind, amount } : undefined;
    }
    case 'fixed_by': {
      extraneous(['by', 'amounts']);
      if (!need('by', 'the fact whose value picks the amount') || !need('amounts', 'the amount for each value')) return undefined;
      const by = ctx.lookupFact(a.by as string, item.each, [...path, 'by'], clause);
      if (!by) return undefined;
      if (by.type !== 'enum') {
        ctx.report([...path, 'by'], `"by" must be a fact with choices, but "${by.path}" is ${by.type}`, clause);
        return undefined;
      }
      const ids = by.choices.map((c) => c.id);
      const amounts = new Map<string, Money>();
      for (const [k, v] of Object.entries(a.amounts ?? {})) {
        if (!ids.includes(k)) ctx.report([...path, 'amounts', k], `"${k}" is not a choice of ${by.path}${didYouMean(k, ids)}`, clause);
        const m = parseMoneyAt(v, [...path, 'amounts', k], ctx);
        if (m) amounts.set(k, m);
      }
      return { kind: 'fixed_by', by, amounts };
    }
    case 'unquantified': {
      extraneous(['nature', 'description', 'ceiling']);
      if (!need('nature', 'case-by-case, matching-funds, non-cash, appropriate-subsidy or existing-policy')) return undefined;
      const ceiling = a.ceiling !== undefined ? parseMoneyAt(a.ceiling, [...path, 'ceiling'], ctx) : undefined;
      return { kind: 'unquantified', nature: a.nature as NonNullable<typeof a.nature>, description: a.description, ceiling };
    }
  }
}

/**
 * Says where a quote departs from the text, so that a maintainer sees the mistyped characters
 * rather than hunting for them: the longest start of the quote that the text has, then what follows.
 */
export function quoteMismatch(quote: string, text: string): string {
  let lo = 0;
  let hi = quote.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (text.includes(quote.slice(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  if (lo < 4) return 'the quote is not found word for word in the source text (not even its first few characters)';
  const start = text.indexOf(quote.slice(0, lo));
  const context = quote.slice(Math.max(0, lo - 8), lo);
  const theirs = text.slice(start + lo, start + lo + 6);
  const ours = quote.slice(lo, lo + 6);
  return `the quote is not found word for word in the source text: after "${context}" the quote has "${ours}" where the text has "${theirs}"`;
}
