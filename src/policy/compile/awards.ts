import type { PathSegment } from '../../errors/problem.js';
import { type Money, parseRate } from '../../values/money.js';
import { didYouMean } from '../../values/suggest.js';
import type { CompiledAward, CompiledExpr, RateRange } from '../model.js';
import type { Expr, Item, Rate } from '../schema.js';
import { type FactEntry, type ItemContext, parseMoneyAt } from './context.js';

// Awards: percent of a basis (a fact, a parameter, or a product of them) at a fixed rate, a range
// or "up to" a rate; a fixed amount, possibly by level; up to an amount; or no amount in the text.

export function compileAward(item: Item, path: PathSegment[], ctx: ItemContext): CompiledAward | undefined {
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
      extraneous(a.kind === 'fixed' ? ['amount', 'each_label'] : ['amount']);
      if (!need('amount', 'such as 10万')) return undefined;
      const amount = parseMoneyAt(a.amount as string, [...path, 'amount'], ctx);
      if (amount?.isZero()) ctx.report([...path, 'amount'], 'an award amount must be positive', clause);
      if (!amount) return undefined;
      return a.kind === 'fixed' ? { kind: 'fixed', amount, ...(a.each_label ? { eachLabel: a.each_label } : {}) } : { kind: 'up_to', amount };
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
  if (e.accrual !== undefined) {
    const date = (name: 'from' | 'until') => {
      const written = e.accrual?.[name];
      if (written === undefined) return undefined;
      const fact = ctx.lookupFact(written, ctx.item.each, [...path, 'accrual', name], clause);
      if (fact && fact.type !== 'date') {
        ctx.report([...path, 'accrual', name], `accrual runs between dates, but "${fact.path}" is ${fact.type}`, clause);
        return undefined;
      }
      return fact;
    };
    const from = date('from');
    const until = date('until');
    if (!from || (e.accrual.until !== undefined && !until)) return undefined;
    return { type: 'accrual', from, ...(until ? { until } : {}), ...(e.accrual.until_unknown ? { untilUnknown: e.accrual.until_unknown } : {}) };
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
