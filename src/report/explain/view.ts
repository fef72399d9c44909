import type { Opportunity } from '../../engine/opportunities.js';
import type { ConditionTrace, EvaluationResult, ItemResult, Line } from '../../engine/result.js';
import type { Policy } from '../../policy/model.js';
import type { Text } from '../../policy/schema.js';
import { formatMoney, formatRange, formatRate, type Unit } from '../../values/format.js';
import { type Lang, t, tx } from '../i18n.js';
import { opportunityText } from '../opportunities.js';
import { capScopeText } from '../time.js';
import { colon, headline, paren, pathLabel } from '../view.js';
import { computation, parametersUsed } from './computation.js';
import { conditionNode, conjuncts } from './conditions.js';
import { readingNodes, sharedYears } from './time.js';
import { W, w } from './words.js';

// `subsidy explain`: for each item, why it applies or not (every condition, not only the first
// that failed), how the amount was reached step by step, and what would change it. The view model
// is built once here, as a small tree of lines with every word already in the user's language;
// each format (text.ts, markdown.ts, the HTML report) only lays it out. JSON (json.ts) gives the
// result's own data instead.

export interface ExplainOptions {
  lang: Lang;
  unit: Unit;
  /** The policy the result came from: the types of its facts and parameters, for display. */
  policy: Policy;
  opportunities: Opportunity[];
  /** True when the user asked for some items only (the opportunities are then shown per item). */
  filtered?: boolean;
  /** Filled in from the result when the view is built. */
  asOf?: string;
  issued?: string;
}

/** A line of output and the lines under it. */
export interface Node {
  text: string;
  mark?: 'pass' | 'fail' | 'missing';
  children?: Node[];
}

export interface ItemBlock {
  heading: string;
  summary: Node[];
  quote: string;
  lines: { heading: string; nodes: Node[] }[];
  tail: Node[];
}

export interface ExplainView {
  lang: Lang;
  header: string[];
  items: ItemBlock[];
  /** The word put before an item's quote ("原文" / "Text"). */
  quoteLabel: string;
  opportunities: string[];
  opportunitiesHeading: string;
  /** Why the opportunities' amounts do not simply add up. */
  opportunitiesNote: string;
  footer: string[];
}

export function buildExplainView(result: EvaluationResult, items: ItemResult[], options: ExplainOptions): ExplainView {
  const opts = { ...options, asOf: result.asOf, issued: result.policy.issued };
  const { lang, unit } = opts;
  const c = result.counts;
  const header = [
    ...headline(result, lang),
    `${w(lang, 'totalLine')}${colon(lang)}${formatRange(result.total, unit)}`,
    W.counts[lang](c.applies, c.unquantified, c.doesNotApply, c.cannotDetermine),
  ];
  const blocks = items.map((r) => itemBlock(result, r, opts));
  const opportunities = opts.filtered ? [] : opts.opportunities.map((o) => opportunityText(o, lang, unit));
  const footer: string[] = [];
  if (result.policy.notice) footer.push(tx(lang, result.policy.notice));
  footer.push(t(lang, 'estimateNote'));
  return {
    lang,
    header,
    items: blocks,
    quoteLabel: w(lang, 'quote'),
    opportunities,
    opportunitiesHeading: W.moreOpps[lang],
    opportunitiesNote: W.eachAlone[lang],
    footer,
  };
}

function itemBlock(result: EvaluationResult, r: ItemResult, opts: ExplainOptions): ItemBlock {
  const { lang, unit } = opts;
  const summary: Node[] = [{ text: `${w(lang, 'status')}${colon(lang)}${statusText(r, lang, unit)}` }];
  const reasons = itemReasons(r, lang);
  if (reasons) summary.push(reasons);
  const kindFact = opts.policy.facts.get('kind');
  const applicantLabels = r.applicants.map((k) => tx(lang, kindFact?.choices.find((ch) => ch.id === k)?.label) || k);
  summary.push({ text: `${w(lang, 'applicants')}${colon(lang)}${applicantLabels.join(lang === 'zh' ? '、' : ', ')}` });
  summary.push({ text: `${w(lang, 'award')}${colon(lang)}${awardText(r, lang, unit, opts.policy, result.sharedCaps.filter((s) => s.items.includes(r.id)))}` });

  const lines = r.lines.map((line) => ({ heading: lineHeading(line, lang), nodes: lineNodes(r, line, opts) }));

  const tail: Node[] = [];
  for (const sc of result.sharedCaps.filter((s) => s.items.includes(r.id))) {
    const verdict = sc.binds ? w(lang, 'applied') : w(lang, 'notBinding');
    // The items sharing the cap by their titles (the reader knows them by those, not by their ids).
    const together = sc.items.map((id) => itemTitle(result, id, lang)).join(lang === 'zh' ? '与' : ' + ');
    const years = sharedYears(sc, lang, unit);
    tail.push({
      text: `${w(lang, 'sharedSummary')} ${sc.clause} ${tx(lang, sc.title)}${paren(lang, `${formatMoney(sc.amount, unit)}${t(lang, 'perApplicant')}${t(lang, 'perYear')}`)}${colon(lang)}${together}${lang === 'zh' ? '' : ' '}${w(lang, 'together')} ${formatRange(sc.before, unit)} → ${formatRange(sc.after, unit)}${lang === 'zh' ? '，' : ', '}${verdict}`,
      ...(years.length > 1 ? { children: years } : {}),
    });
  }
  const readings = readingNodes(result, r, lang, unit, (s) => t(lang, s));
  if (readings) tail.push(readings);
  const params = parametersUsed(r, lang, opts);
  if (params.length) tail.push({ text: w(lang, 'parameters'), children: params });
  if (r.assumptions.length) tail.push({ text: w(lang, 'assumptions'), children: r.assumptions.map((a) => ({ text: tx(lang, a) })) });
  if (r.interpretation.length) tail.push({ text: w(lang, 'notes'), children: r.interpretation.map((n) => ({ text: tx(lang, n) })) });
  const opps = opts.opportunities.filter((o) => o.itemId === r.id);
  if (opps.length) tail.push({ text: w(lang, 'wouldChange'), children: opps.map((o) => ({ text: opportunityText(o, lang, unit) })) });

  return { heading: `${r.clause} ${tx(lang, r.title)} · ${r.id}`, summary, quote: r.quote, lines, tail };
}

function itemTitle(result: EvaluationResult, id: string, lang: Lang): string {
  const item = result.items.find((i) => i.id === id);
  return item ? tx(lang, item.title) : id;
}

function statusText(r: ItemResult, lang: Lang, unit: Unit): string {
  const status = t(lang, r.status);
  if (r.status !== 'applies') return status;
  if (r.kind === 'unquantified' || !r.amount) return `${status}${paren(lang, w(lang, 'noAmount'))}`;
  return `${status} · ${w(lang, 'amount')} ${formatRange(r.amount, unit)}`;
}

/**
 * For an item that cannot be decided on several lines (entries): the facts not stated, named once
 * for all of them. An item of one line gets nothing here: its line lists every condition, each
 * failed or unstated one once, right below.
 */
function itemReasons(r: ItemResult, lang: Lang): Node | undefined {
  if (r.status !== 'cannot-determine' || r.lines.length === 1) return undefined;
  const labels = new Map<string, string>();
  const walk = (c: ConditionTrace) => {
    if (c.path && c.factLabel) labels.set(c.path, tx(lang, c.factLabel));
    for (const ch of c.children ?? []) walk(ch);
  };
  for (const l of r.lines) walk(l.conditions);
  const named = [...new Set(r.missing.map((p) => labels.get(p) ?? p))];
  return { text: `${w(lang, 'needs')}${colon(lang)}${named.join(lang === 'zh' ? '、' : ', ')}` };
}

function awardText(r: ItemResult, lang: Lang, unit: Unit, policy: Policy, shared: EvaluationResult['sharedCaps']): string {
  const a = r.award;
  const parts: string[] = [];
  if (a.form === 'percent' && a.rate) parts.push(`${tx(lang, a.basisLabel ?? basisLabelOf(r, policy)) || w(lang, 'basis')} × ${formatRate(a.rate)}`);
  else if (a.form === 'fixed' && a.fixed) parts.push(`${w(lang, 'fixed')} ${a.eachLabel ? (lang === 'zh' ? `${tx(lang, a.eachLabel)}${formatMoney(a.fixed, unit)}` : `${formatMoney(a.fixed, unit)} ${tx(lang, a.eachLabel)}`) : formatMoney(a.fixed, unit)}`);
  else if (a.form === 'up_to' && a.fixed) parts.push(`${w(lang, 'upTo')} ${formatMoney(a.fixed, unit)}`);
  else if (a.form === 'fixed_by' && a.fixedBy) {
    parts.push(a.fixedBy.amounts.map((x) => `${tx(lang, x.label) || x.value} ${formatMoney(x.amount, unit)}`).join(' / '));
  } else if (a.form === 'unquantified') {
    const ceiling = a.ceiling ? paren(lang, `${t(lang, 'ceiling')} ${formatMoney(a.ceiling, unit)}`) : '';
    parts.push(`${t(lang, a.nature as 'case-by-case')}${ceiling}${colon(lang)}${tx(lang, a.description)}`);
  }
  for (const cap of a.caps) {
    parts.push(`${t(lang, 'cap')} ${formatMoney(cap.amount, unit)}${capScopeText(cap.per, r.years > 1, lang)}`);
  }
  for (const sc of shared) {
    const others = sc.items.filter((id) => id !== r.id).map((id) => policy.items.find((i) => i.id === id)?.title[lang] ?? id).join(lang === 'zh' ? '、' : ', ');
    parts.push(`${w(lang, 'sharedCap')} ${formatMoney(sc.amount, unit)}${t(lang, 'perApplicant')}${t(lang, 'perYear')}${paren(lang, W.with[lang](others))}`);
  }
  if (r.years > 1) parts.push(`× ${r.years} ${w(lang, 'years')}${r.periodLabel ? paren(lang, tx(lang, r.periodLabel)) : ''}`);
  return parts.join(lang === 'zh' ? '；' : '; ');
}

/** An unnamed basis is named by its fact (厂房、设备实际投资额), as the engine does for each line. */
function basisLabelOf(r: ItemResult, policy: Policy): Text | undefined {
  const award = policy.items.find((i) => i.id === r.id)?.award;
  return award?.kind === 'percent' && award.basis.type === 'fact' ? award.basis.fact.label : undefined;
}

function lineHeading(line: Line, lang: Lang): string {
  const rec = line.record;
  const name = rec ? (rec.name ?? (rec.description ? tx(lang, rec.description) : undefined)) : undefined;
  const what = rec ? `${tx(lang, rec.itemLabel)} ${rec.index + 1}${name ? `${colon(lang)}${name}` : ''}` : w(lang, 'assessment');
  return `${what} — ${t(lang, line.status)}`;
}

function lineNodes(r: ItemResult, line: Line, opts: ExplainOptions): Node[] {
  const { lang } = opts;
  const top = conjuncts(line.conditions);
  const met = top.filter((c) => c.outcome === 'pass').length;
  const nodes: Node[] = [{ text: `${w(lang, 'conditions')}${colon(lang)}${W.met[lang](met, top.length)}`, children: top.map((c) => conditionNode(c, lang, opts)) }];
  if (line.status === 'applies' && r.kind === 'amount') nodes.push({ text: `${w(lang, 'computation')}${lang === 'zh' ? '：' : ':'}`, children: computation(r, line, opts) });
  if (line.status === 'cannot-determine') nodes.push(...unstatedElsewhere(line, opts));
  return nodes;
}

/**
 * The facts a line cannot be decided without that its conditions do not show (the amount's basis:
 * 厂房、设备实际投资额), each once, as an unstated condition reads; without them an undecided
 * line whose conditions all pass would not say why.
 */
function unstatedElsewhere(line: Line, opts: ExplainOptions): Node[] {
  const shown = new Set<string>();
  const walk = (c: ConditionTrace) => {
    if (c.path && c.outcome === 'missing') shown.add(c.path);
    for (const ch of c.children ?? []) walk(ch);
  };
  walk(line.conditions);
  return [...new Set(line.missing)].filter((p) => !shown.has(p)).map((p) => ({ mark: 'missing' as const, text: `${pathLabelOr(p, opts)}${colon(opts.lang)}${w(opts.lang, 'notStated')}` }));
}

/** A case path by its fact's label in the policy, else the path. */
function pathLabelOr(path: string, { policy, lang }: ExplainOptions): string {
  return pathLabel(policy, path, lang) ?? path;
}
