import type { CapStep, ConditionTrace, ItemResult, Line, Range } from '../../engine/result.js';
import { formatMoney, formatPercent, formatRange, formatRate, type Unit } from '../../values/format.js';
import { type Money, toFen } from '../../values/money.js';
import { type Lang, tx } from '../i18n.js';
import { lineAmountText } from '../time.js';
import { colon, paren } from '../view.js';
import { accrualText, levelsText, stepPrefix, windowNode } from './time.js';
import type { ExplainOptions, Node } from './view.js';
import { W, w } from './words.js';

// The computation in the view model, step by step in the engine's order: basis × rate (or the
// fixed amount), per-entry caps, rounding to the fen, caps across entries and items, the period.

/** Exact amounts (before rounding): every digit kept, so the arithmetic can be checked by hand. */
export function formatExact(v: Money, unit: Unit): string {
  // A fraction that does not end (a day count's /360) is cut at 10 decimals of yuan, marked "…".
  const endless = v.decimalPlaces() > 12;
  const more = endless ? '…' : '';
  if (unit === 'yuan') {
    const s = endless ? v.toDecimalPlaces(10, 1).toFixed(10) : v.decimalPlaces() < 2 ? v.toFixed(2) : v.toFixed();
    const [int, frac] = s.split('.');
    return `${(int ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}${more}`;
  }
  const wan = endless ? v.dividedBy(10_000).toDecimalPlaces(14, 1).toFixed(14) : v.dividedBy(10_000).toFixed();
  const [int, frac] = wan.split('.');
  return `${(int ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}${more}万`;
}

function exactRange(r: Range, unit: Unit): string {
  return r.low.eq(r.high) ? formatExact(r.low, unit) : `${formatExact(r.low, unit)}–${formatExact(r.high, unit)}`;
}

function factorText(f: NonNullable<Line['basis']>['factors'][number], lang: Lang, opts: ExplainOptions): string {
  const label = tx(lang, f.label);
  if (f.kind === 'fact') return `${label} ${formatExact(f.value, opts.unit)}`;
  const accrual = accrualText(f, lang);
  if (accrual) return accrual;
  const param = opts.policy.parameters.get(f.path.split('.')[0] as string);
  const value = param?.type === 'rate' ? formatPercent(f.value) : formatExact(f.value, opts.unit);
  return `${label}${f.key ? ` (${f.key})` : ''} ${value}`;
}

export function computation(r: ItemResult, line: Line, opts: ExplainOptions): Node[] {
  const { lang, unit } = opts;
  const out: Node[] = [];
  if (line.basis && line.rate && line.raw) {
    const factors = line.basis.factors;
    const basis = formatExact(line.basis.amount, unit);
    const only = factors.length === 1 ? factors[0] : undefined;
    const basisText = only
      ? `${tx(lang, line.basis.label)} = ${basis}`
      : `${tx(lang, line.basis.label)} = ${factors.map((f) => factorText(f, lang, opts)).join(' × ')} = ${basis}`;
    out.push({ text: `${w(lang, 'basis')}${colon(lang)}${basisText}` });
    out.push({ text: `${basis} × ${formatRate(line.rate)} = ${exactRange(line.raw, unit)}` });
  } else if (line.fixed && line.raw) {
    if (r.award.form === 'up_to') out.push({ text: `${w(lang, 'upTo')} ${formatMoney(line.fixed, unit)}${colon(lang)}${w(lang, 'range')} ${exactRange(line.raw, unit)}` });
    else {
      const by = r.award.fixedBy ? findLeaf(line.conditions, r.award.fixedBy.fact) : undefined;
      const which = by ? paren(lang, `${tx(lang, by.factLabel)}${colon(lang)}${by.seenLabel ? tx(lang, by.seenLabel) : (by.seen ?? '')}`) : '';
      out.push({ text: `${w(lang, 'fixed')}${which}${colon(lang)}${formatExact(line.fixed, unit)}` });
    }
  }
  // Caps in the order the engine applied them: the per-entry ones (and a per-applicant cap of an
  // item evaluated once) before rounding to the fen; caps across entries and shared caps after.
  const beforeRounding = (s: CapStep) => s.scope === 'record' || ((s.scope === 'applicant' || s.scope === 'applicant-year') && !line.record);
  let current = line.raw;
  for (const step of line.caps.filter(beforeRounding)) {
    out.push({ text: capText(step, lang, unit, exactRange) });
    current = step.after;
  }
  if (current) {
    const rounded = { low: toFen(current.low), high: toFen(current.high) };
    const changed = !rounded.low.eq(current.low) || !rounded.high.eq(current.high);
    out.push({ text: `${w(lang, 'rounding')}${colon(lang)}${changed ? `${exactRange(current, unit)} → ${formatRange(rounded, unit)}` : `${formatRange(rounded, unit)}${paren(lang, w(lang, 'unchanged'))}`}` });
  }
  for (const step of line.caps.filter((s) => !beforeRounding(s))) {
    out.push({ text: levelsText(step, lang, unit) ?? `${stepPrefix(step, lang)}${capText(step, lang, unit, (x, u) => formatRange(x, u))}` });
  }
  const window = windowNode(line, lang, unit);
  if (window) out.push(window);
  if (line.amount) out.push({ text: `${w(lang, 'result')}${colon(lang)}${lineAmountText(r, line, unit, lang)}` });
  return out;
}

function capText(step: CapStep, lang: Lang, unit: Unit, show: (r: Range, u: Unit) => string): string {
  const name =
    step.scope === 'shared'
      ? `${w(lang, 'sharedCap')} ${step.clause ?? ''} ${tx(lang, step.label)}`.trim()
      : `${step.scope === 'record' ? w(lang, 'perRecordCap') : w(lang, 'perApplicantCap')}${step.label ? paren(lang, tx(lang, step.label)) : ''}`;
  const binds = step.bindsLow && step.bindsHigh ? w(lang, 'bindsBoth') : step.bindsHigh ? w(lang, 'bindsHigh') : step.bindsLow ? w(lang, 'bindsLow') : w(lang, 'notReached');
  // A cap shared with earlier entries or items leaves only what they have not used.
  const used = step.bindsHigh ? step.amount.minus(step.after.high) : step.bindsLow ? step.amount.minus(step.after.low) : undefined;
  const usedText = used?.gt(0) ? W.usedBefore[lang](formatMoney(used, unit)) : '';
  return `${name} ${formatMoney(step.amount, unit)}${colon(lang)}${show(step.before, unit)} → ${show(step.after, unit)}${paren(lang, `${binds}${usedText}`)}`;
}

function findLeaf(t: ConditionTrace, fact: string): ConditionTrace | undefined {
  if (t.kind === 'fact' && t.fact === fact && t.outcome === 'pass') return t;
  for (const ch of t.children ?? []) {
    const hit = findLeaf(ch, fact);
    if (hit) return hit;
  }
  return undefined;
}

export function parametersUsed(r: ItemResult, lang: Lang, opts: ExplainOptions): Node[] {
  const seen = new Set<string>();
  const out: Node[] = [];
  for (const line of r.lines) {
    for (const f of line.basis?.factors ?? []) {
      if (f.kind !== 'parameter') continue;
      const param = opts.policy.parameters.get(f.path.split('.')[0] as string);
      const value = param?.type === 'rate' ? formatPercent(f.value) : formatMoney(f.value, opts.unit);
      const when = f.overridden ? w(lang, 'overridden') : `${lang === 'zh' ? `${f.from} ${w(lang, 'inForceFrom')}` : `${w(lang, 'inForceFrom')} ${f.from}`}${f.atAsOf ? `; ${w(lang, 'atAsOf')}` : ''}`;
      const text = `${tx(lang, f.label)}${f.key ? ` (${f.key})` : ''} = ${value} (${when})`;
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({ text });
    }
  }
  return out;
}
