import type { ChalkInstance } from 'chalk';
import type { Opportunity } from '../engine/opportunities.js';
import type { CapStep, ConditionTrace, EvaluationResult, ItemResult, Line, Range } from '../engine/result.js';
import type { FactType, Policy } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import { addYears, type Money, parseMoney, toFen } from '../values/money.js';
import { formatMoney, formatPercent, formatRange, formatRate, type Unit } from '../values/format.js';
import { type Lang, t, tx } from './i18n.js';
import { opportunityText } from './opportunities.js';
import { headline } from './view.js';

// `subsidy explain`: for each item, why it applies or not (every condition, not only the first
// that failed), how the amount was reached step by step, and what would change it. Built once as
// a small tree of lines, then printed as text or markdown; JSON gives the result's own data.

export interface ExplainOptions {
  lang: Lang;
  unit: Unit;
  /** The policy the result came from: the types of its facts and parameters, for display. */
  policy: Policy;
  opportunities: Opportunity[];
  /** True when the user asked for some items only (the opportunities are then shown per item). */
  filtered?: boolean;
  /** Filled in from the result when rendering. */
  asOf?: string;
  issued?: string;
}

type L = Record<Lang, string>;
const W = {
  status: { zh: '状态', en: 'Status' },
  amount: { zh: '金额', en: 'amount' },
  noAmount: { zh: '无具体金额', en: 'no amount in the text' },
  applicants: { zh: '申请主体', en: 'Applicants' },
  award: { zh: '奖补标准', en: 'Award' },
  quote: { zh: '原文', en: 'Text' },
  conditions: { zh: '条件', en: 'Conditions' },
  computation: { zh: '计算', en: 'Computation' },
  required: { zh: '要求', en: 'required' },
  notStated: { zh: '未填写', en: 'not stated' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  any: { zh: '满足以下任一项', en: 'any one of' },
  all: { zh: '同时满足以下各项', en: 'all of' },
  not: { zh: '不得满足', en: 'must not hold' },
  atLeastOne: { zh: '至少一项', en: 'at least one' },
  noneStated: { zh: '无（已填写为没有）', en: 'none (stated)' },
  mustBeStated: { zh: '须已填写', en: 'must be stated' },
  mustNotBeStated: { zh: '不得填写', en: 'must not be stated' },
  stated: { zh: '已填写', en: 'stated' },
  inScope: { zh: '属于本政策所列产业', en: "one of the policy's industries" },
  notInScope: { zh: '不属于本政策所列产业', en: "not one of the policy's industries" },
  judgement: { zh: '〔需政府认定〕', en: ' [needs official judgement]' },
  changeable: { zh: '〔可争取〕', en: ' [can be changed]' },
  basis: { zh: '基数', en: 'Basis' },
  fixed: { zh: '定额', en: 'Fixed amount' },
  upTo: { zh: '最高', en: 'Up to' },
  range: { zh: '估算区间', en: 'estimated as' },
  perRecordCap: { zh: '单项上限', en: 'Cap per entry' },
  perApplicantCap: { zh: '单位上限', en: 'Cap per applicant' },
  sharedCap: { zh: '共享上限', en: 'Shared cap' },
  bindsBoth: { zh: '两端均封顶', en: 'binds both ends' },
  bindsHigh: { zh: '高端封顶', en: 'binds the high end' },
  bindsLow: { zh: '低端封顶', en: 'binds the low end' },
  notReached: { zh: '未触及', en: 'not reached' },
  rounding: { zh: '四舍五入到分', en: 'Rounded half-up to the fen' },
  unchanged: { zh: '无需取整', en: 'nothing to round' },
  perYear: { zh: '每年', en: 'per year' },
  years: { zh: '年', en: 'years' },
  result: { zh: '结果', en: 'Result' },
  parameters: { zh: '所用参数', en: 'Parameters used' },
  inForceFrom: { zh: '起执行', en: 'in force from' },
  overridden: { zh: '项目文件 parameters 覆盖', en: 'overridden in the project file' },
  atAsOf: { zh: '未填写日期，按评估日期取值', en: 'date not stated: the value at the as-of date' },
  sharedSummary: { zh: '共享上限', en: 'Shared cap' },
  together: { zh: '合计', en: 'together' },
  applied: { zh: '已适用', en: 'applied' },
  notBinding: { zh: '未触及', en: 'not reached' },
  assumptions: { zh: '需政府认定的假设', en: 'Assumptions that need official judgement' },
  notes: { zh: '解释说明', en: 'Interpretation notes' },
  reasons: { zh: '原因', en: 'Why' },
  needs: { zh: '缺少', en: 'Missing' },
  wouldChange: { zh: '可争取', en: 'What would change it' },
  assessment: { zh: '判断', en: 'Assessment' },
  none: { zh: '无', en: 'none' },
  totalLine: { zh: '合计（适用且有金额的条款）', en: 'Total of the items that apply with an amount' },
  counts: {
    zh: (a: number, u: number, n: number, c: number) => `适用 ${a} 项（另有无具体金额的支持 ${u} 项）· 不适用 ${n} 项 · 无法判断 ${c} 项`,
    en: (a: number, u: number, n: number, c: number) => `${a} apply with an amount (and ${u} without) · ${n} do not apply · ${c} cannot be determined`,
  },
  met: { zh: (n: number, m: number) => `满足 ${n}/${m} 项`, en: (n: number, m: number) => `${n} of ${m} met` },
  oneOf: { zh: (s: string) => `${s}之一`, en: (s: string) => `one of ${s}` },
  noneOf: { zh: (s: string) => `不属于${s}`, en: (s: string) => `none of ${s}` },
  newly: {
    zh: (from: string, to: string) => `新认定/新取得：${from}（政策发布）至 ${to}（评估日期）之间`,
    en: (from: string, to: string) => `new: from ${from} (policy issued) to ${to} (as of)`,
  },
  yearsAgo: {
    zh: (n: number, asOf: string, by: string) => `截至 ${asOf} 已满 ${n} 年，即不晚于 ${by}`,
    en: (n: number, asOf: string, by: string) => `at least ${n} year${n > 1 ? 's' : ''} by ${asOf}, i.e. on or before ${by}`,
  },
  beforeIssue: { zh: (d: string) => `（早于政策发布日 ${d}）`, en: (d: string) => ` (before the policy was issued, ${d})` },
  afterAsOf: { zh: (d: string) => `（晚于评估日期 ${d}）`, en: (d: string) => ` (after the as-of date, ${d})` },
  reachedOn: { zh: (d: string) => `（${d} 起满足）`, en: (d: string) => ` (met from ${d})` },
  moreOpps: { zh: '可争取的机会', en: 'Opportunities' },
  with: { zh: (ids: string) => `与 ${ids} 合计`, en: (ids: string) => `together with ${ids}` },
  eachAlone: {
    zh: '每项机会单独计算（在本案基础上只做这一项改变）；同时实现多项时，受单位上限和共享上限影响，合计可能低于各项之和。',
    en: 'Each opportunity is computed alone (this one change to the case); several together may add less than their sum because of per-applicant and shared caps.',
  },
  usedBefore: { zh: (a: string) => `；其中 ${a} 已由前面的条目占用`, en: (a: string) => `; ${a} of it already taken by the entries before` },
} as const;

const w = (lang: Lang, key: { [K in keyof typeof W]: (typeof W)[K] extends L ? K : never }[keyof typeof W]) => (W[key] as L)[lang];

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
  header: string[];
  items: ItemBlock[];
  opportunities: string[];
  footer: string[];
}

// ---------------------------------------------------------------- building

export function buildExplainView(result: EvaluationResult, items: ItemResult[], opts: ExplainOptions): ExplainView {
  const { lang, unit } = opts;
  const c = result.counts;
  const header = [
    ...headline(result, lang),
    `${w(lang, 'totalLine')}: ${formatRange(result.total, unit)}`,
    W.counts[lang](c.applies, c.unquantified, c.doesNotApply, c.cannotDetermine),
  ];
  const blocks = items.map((r) => itemBlock(result, r, opts));
  const opportunities = opts.filtered ? [] : opts.opportunities.map((o) => opportunityText(o, lang, unit));
  const footer: string[] = [];
  if (result.policy.notice) footer.push(tx(lang, result.policy.notice));
  footer.push(t(lang, 'estimateNote'));
  return { header, items: blocks, opportunities, footer };
}

function itemBlock(result: EvaluationResult, r: ItemResult, opts: ExplainOptions): ItemBlock {
  const { lang, unit } = opts;
  const summary: Node[] = [{ text: `${w(lang, 'status')}: ${statusText(r, lang, unit)}` }];
  const reasons = itemReasons(r, lang, opts);
  if (reasons) summary.push(reasons);
  const kindFact = opts.policy.facts.get('kind');
  const applicantLabels = r.applicants.map((k) => tx(lang, kindFact?.choices.find((ch) => ch.id === k)?.label) || k);
  summary.push({ text: `${w(lang, 'applicants')}: ${applicantLabels.join(lang === 'zh' ? '、' : ', ')}` });
  summary.push({ text: `${w(lang, 'award')}: ${awardText(r, lang, unit, opts.policy, result.sharedCaps.filter((s) => s.items.includes(r.id)))}` });

  const lines = r.lines.map((line) => ({ heading: lineHeading(line, lang), nodes: lineNodes(r, line, opts) }));

  const tail: Node[] = [];
  for (const sc of result.sharedCaps.filter((s) => s.items.includes(r.id))) {
    const verdict = sc.binds ? w(lang, 'applied') : w(lang, 'notBinding');
    tail.push({
      text: `${w(lang, 'sharedSummary')} ${sc.clause} ${tx(lang, sc.title)} (${formatMoney(sc.amount, unit)}): ${sc.items.join(' + ')} ${w(lang, 'together')} ${formatRange(sc.before, unit)} → ${formatRange(sc.after, unit)}, ${verdict}`,
    });
  }
  const params = parametersUsed(r, lang, opts);
  if (params.length) tail.push({ text: w(lang, 'parameters'), children: params });
  if (r.assumptions.length) tail.push({ text: w(lang, 'assumptions'), children: r.assumptions.map((a) => ({ text: tx(lang, a) })) });
  if (r.interpretation.length) tail.push({ text: w(lang, 'notes'), children: r.interpretation.map((n) => ({ text: tx(lang, n) })) });
  const opps = opts.opportunities.filter((o) => o.itemId === r.id);
  if (opps.length) tail.push({ text: w(lang, 'wouldChange'), children: opps.map((o) => ({ text: opportunityText(o, lang, unit) })) });

  return { heading: `${r.clause} ${tx(lang, r.title)} · ${r.id}`, summary, quote: r.quote, lines, tail };
}

function statusText(r: ItemResult, lang: Lang, unit: Unit): string {
  const status = t(lang, r.status);
  if (r.status !== 'applies') return status;
  if (r.kind === 'unquantified' || !r.amount) return `${status} (${w(lang, 'noAmount')})`;
  return `${status} · ${w(lang, 'amount')} ${formatRange(r.amount, unit)}`;
}

/** For an item that does not apply or cannot be decided on one line: the conditions that decide it. */
function itemReasons(r: ItemResult, lang: Lang, opts: ExplainOptions): Node | undefined {
  if (r.status === 'applies') return undefined;
  if (r.status === 'cannot-determine') {
    const labels = new Map<string, string>();
    const walk = (c: ConditionTrace) => {
      if (c.path && c.factLabel) labels.set(c.path, tx(lang, c.factLabel));
      for (const ch of c.children ?? []) walk(ch);
    };
    for (const l of r.lines) walk(l.conditions);
    const named = r.missing.map((p) => (labels.has(p) ? `${p} (${labels.get(p)})` : p));
    return { text: `${w(lang, 'needs')}: ${named.join(lang === 'zh' ? '、' : ', ')}` };
  }
  if (r.lines.length !== 1) return undefined;
  const failing = conjuncts((r.lines[0] as Line).conditions).filter((c) => c.outcome === 'fail');
  if (!failing.length) return undefined;
  return { text: w(lang, 'reasons'), children: failing.map((c) => conditionNode(c, lang, opts)) };
}

function awardText(r: ItemResult, lang: Lang, unit: Unit, policy: Policy, shared: EvaluationResult['sharedCaps']): string {
  const a = r.award;
  const parts: string[] = [];
  if (a.form === 'percent' && a.rate) parts.push(`${tx(lang, a.basisLabel ?? basisLabelOf(r, policy)) || w(lang, 'basis')} × ${formatRate(a.rate)}`);
  else if (a.form === 'fixed' && a.fixed) parts.push(`${w(lang, 'fixed')} ${formatMoney(a.fixed, unit)}`);
  else if (a.form === 'up_to' && a.fixed) parts.push(`${w(lang, 'upTo')} ${formatMoney(a.fixed, unit)}`);
  else if (a.form === 'fixed_by' && a.fixedBy) {
    parts.push(a.fixedBy.amounts.map((x) => `${tx(lang, x.label) || x.value} ${formatMoney(x.amount, unit)}`).join(' / '));
  } else if (a.form === 'unquantified') {
    const ceiling = a.ceiling ? ` (${t(lang, 'ceiling')} ${formatMoney(a.ceiling, unit)})` : '';
    parts.push(`${t(lang, a.nature as 'case-by-case')}${ceiling}: ${tx(lang, a.description)}`);
  }
  for (const cap of a.caps) {
    parts.push(`${t(lang, 'cap')} ${formatMoney(cap.amount, unit)}${cap.per === 'record' ? t(lang, 'perRecord') : t(lang, 'perApplicant')}${r.years > 1 ? t(lang, 'perYear') : ''}`);
  }
  for (const sc of shared) {
    const others = sc.items.filter((id) => id !== r.id).join(', ');
    parts.push(`${w(lang, 'sharedCap')} ${formatMoney(sc.amount, unit)}${t(lang, 'perApplicant')}${t(lang, 'perYear')} (${W.with[lang](others)})`);
  }
  if (r.years > 1) parts.push(`× ${r.years} ${w(lang, 'years')}${r.periodLabel ? ` (${tx(lang, r.periodLabel)})` : ''}`);
  return parts.join('; ');
}

/** An unnamed basis is named by its fact (厂房、设备实际投资额), as the engine does for each line. */
function basisLabelOf(r: ItemResult, policy: Policy): Text | undefined {
  const award = policy.items.find((i) => i.id === r.id)?.award;
  return award?.kind === 'percent' && award.basis.type === 'fact' ? award.basis.fact.label : undefined;
}

function lineHeading(line: Line, lang: Lang): string {
  const rec = line.record;
  const name = rec ? (rec.name ?? (rec.description ? tx(lang, rec.description) : undefined)) : undefined;
  const what = rec ? `${tx(lang, rec.itemLabel)} ${rec.index + 1}${name ? `: ${name}` : ''}` : w(lang, 'assessment');
  return `${what} — ${t(lang, line.status)}`;
}

function lineNodes(r: ItemResult, line: Line, opts: ExplainOptions): Node[] {
  const { lang } = opts;
  const top = conjuncts(line.conditions);
  const met = top.filter((c) => c.outcome === 'pass').length;
  const nodes: Node[] = [{ text: `${w(lang, 'conditions')}: ${W.met[lang](met, top.length)}`, children: top.map((c) => conditionNode(c, lang, opts)) }];
  if (line.status === 'applies' && r.kind === 'amount') nodes.push({ text: `${w(lang, 'computation')}:`, children: computation(r, line, opts) });
  return nodes;
}

/** The conditions a line needs, as a flat list: nested "all" groups are opened up. */
function conjuncts(t: ConditionTrace): ConditionTrace[] {
  if (t.kind !== 'all') return [t];
  return (t.children ?? []).flatMap(conjuncts);
}

// ---------------------------------------------------------------- conditions

function conditionNode(c: ConditionTrace, lang: Lang, opts: ExplainOptions): Node {
  if (c.kind === 'all' || c.kind === 'any' || c.kind === 'not') {
    const label = c.label ? `${tx(lang, c.label)} — ` : '';
    return { mark: c.outcome, text: `${label}${w(lang, c.kind)}:`, children: (c.children ?? []).map((ch) => conditionNode(ch, lang, opts)) };
  }
  return { mark: c.outcome, text: leafText(c, lang, opts) };
}

function factType(policy: Policy, path: string | undefined): FactType | undefined {
  if (!path) return undefined;
  const [list, field] = path.split('.');
  if (field === undefined) return policy.facts.get(list as string)?.type;
  return policy.lists.get(list as string)?.fields.get(field)?.type;
}

function leafText(c: ConditionTrace, lang: Lang, opts: ExplainOptions): string {
  const { policy, unit } = opts;
  const type = factType(policy, c.fact);
  const label = tx(lang, c.label ?? c.factLabel) || c.fact || '';
  const path = c.path ? ` [${c.path}]` : '';
  const list = (labels: Text[] | undefined, raw: string | undefined) => (labels?.length ? labels.map((l) => l[lang]).join(lang === 'zh' ? '、' : ', ') : (raw ?? ''));
  const money = (s: string | undefined) => {
    if (s === undefined) return '';
    const m = parseMoney(s);
    return m.ok ? formatMoney(m.value, unit) : s;
  };
  const value = (s: string | null | undefined, sl?: Text): string => {
    if (s === null || s === undefined) return w(lang, 'notStated');
    if (sl) return sl[lang];
    if (type === 'boolean') return s === 'true' ? w(lang, 'yes') : s === 'false' ? w(lang, 'no') : s;
    if (type === 'money') return money(s);
    return s;
  };
  let seen: string;
  let required: string;
  if (c.kind === 'entries') {
    seen = c.seen === null || c.seen === undefined ? w(lang, 'notStated') : c.seen === '0' ? w(lang, 'noneStated') : c.seen;
    required = w(lang, 'atLeastOne');
  } else if (c.kind === 'applicant-kind') {
    seen = value(c.seen, c.seenLabel);
    required = W.oneOf[lang](list(c.expectedLabels, c.expected));
    if ((c.expectedLabels?.length ?? 0) === 1) required = list(c.expectedLabels, c.expected);
  } else {
    seen = c.op === 'in_scope' && c.seen !== null ? (c.seenLabel ? c.seenLabel[lang] : (c.seen ?? '')) : value(c.seen, c.seenLabel);
    required = requiredText(c, lang, opts, value, money, list);
  }
  let detail = '';
  const asOf = opts.asOf ?? '';
  if (c.detail === 'before-issue') detail = W.beforeIssue[lang](opts.issued ?? policy.issued);
  else if (c.detail === 'after-as-of' && c.op === 'at_least_years_ago' && c.seen) {
    detail = W.reachedOn[lang](addYears(c.seen, Number(c.expected)));
  } else if (c.detail === 'after-as-of') detail = W.afterAsOf[lang](asOf);
  const flags = `${c.judgement ? w(lang, 'judgement') : ''}${c.changeable && c.outcome === 'fail' ? w(lang, 'changeable') : ''}`;
  return lang === 'zh' ? `${label}${path}: ${seen}（${w(lang, 'required')}: ${required}）${detail}${flags}` : `${label}${path}: ${seen} (${w(lang, 'required')}: ${required})${detail}${flags}`;
}

function requiredText(
  c: ConditionTrace,
  lang: Lang,
  opts: ExplainOptions,
  value: (s: string | null | undefined, sl?: Text) => string,
  money: (s: string | undefined) => string,
  list: (labels: Text[] | undefined, raw: string | undefined) => string,
): string {
  const e = c.expected;
  const type = factType(opts.policy, c.fact);
  const v = type === 'money' ? money(e) : value(e, c.expectedLabels?.[0]);
  switch (c.op) {
    case 'eq':
    case 'is':
      return v;
    case 'ne':
      return `≠ ${v}`;
    case 'in':
      return W.oneOf[lang](list(c.expectedLabels, e));
    case 'not_in':
      return W.noneOf[lang](list(c.expectedLabels, e));
    case 'gte':
      return `≥ ${v}`;
    case 'gt':
      return `> ${v}`;
    case 'lte':
      return `≤ ${v}`;
    case 'lt':
      return `< ${v}`;
    case 'present':
      return e === 'true' ? w(lang, 'mustBeStated') : w(lang, 'mustNotBeStated');
    case 'in_scope':
      return e === 'true' ? w(lang, 'inScope') : w(lang, 'notInScope');
    case 'newly':
      return W.newly[lang](opts.issued ?? opts.policy.issued, opts.asOf ?? '');
    case 'on_or_after':
      return `≥ ${e}`;
    case 'before':
      return `< ${e}`;
    case 'at_least_years_ago': {
      const n = Number(e);
      return W.yearsAgo[lang](n, opts.asOf ?? '', addYears(opts.asOf ?? '', -n));
    }
    default:
      return e ?? '';
  }
}

// ---------------------------------------------------------------- computation

/** Exact amounts (before rounding): every digit kept, so the arithmetic can be checked by hand. */
export function formatExact(v: Money, unit: Unit): string {
  if (unit === 'yuan') {
    const s = v.decimalPlaces() < 2 ? v.toFixed(2) : v.toFixed();
    const [int, frac] = s.split('.');
    return `${(int ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
  }
  const wan = v.dividedBy(10_000).toFixed();
  const [int, frac] = wan.split('.');
  return `${(int ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}万`;
}

function exactRange(r: Range, unit: Unit): string {
  return r.low.eq(r.high) ? formatExact(r.low, unit) : `${formatExact(r.low, unit)}–${formatExact(r.high, unit)}`;
}

function factorText(f: NonNullable<Line['basis']>['factors'][number], lang: Lang, opts: ExplainOptions): string {
  const label = tx(lang, f.label);
  if (f.kind === 'fact') return `${label} [${f.path}] ${formatExact(f.value, opts.unit)}`;
  const param = opts.policy.parameters.get(f.path.split('.')[0] as string);
  const value = param?.type === 'rate' ? formatPercent(f.value) : formatExact(f.value, opts.unit);
  return `${label}${f.key ? ` (${f.key})` : ''} ${value}`;
}

function computation(r: ItemResult, line: Line, opts: ExplainOptions): Node[] {
  const { lang, unit } = opts;
  const out: Node[] = [];
  if (line.basis && line.rate && line.raw) {
    const factors = line.basis.factors;
    const basis = formatExact(line.basis.amount, unit);
    const only = factors.length === 1 ? factors[0] : undefined;
    const basisText = only
      ? `${tx(lang, line.basis.label)} [${only.path}] = ${basis}`
      : `${tx(lang, line.basis.label)} = ${factors.map((f) => factorText(f, lang, opts)).join(' × ')} = ${basis}`;
    out.push({ text: `${w(lang, 'basis')}: ${basisText}` });
    out.push({ text: `${basis} × ${formatRate(line.rate)} = ${exactRange(line.raw, unit)}` });
  } else if (line.fixed && line.raw) {
    if (r.award.form === 'up_to') out.push({ text: `${w(lang, 'upTo')} ${formatMoney(line.fixed, unit)}: ${w(lang, 'range')} ${exactRange(line.raw, unit)}` });
    else {
      const by = r.award.fixedBy ? findLeaf(line.conditions, r.award.fixedBy.fact) : undefined;
      const which = by ? ` (${tx(lang, by.factLabel)}: ${by.seenLabel ? tx(lang, by.seenLabel) : (by.seen ?? '')})` : '';
      out.push({ text: `${w(lang, 'fixed')}${which}: ${formatExact(line.fixed, unit)}` });
    }
  }
  // Caps in the order the engine applied them: the per-entry ones (and a per-applicant cap of an
  // item evaluated once) before rounding to the fen; caps across entries and shared caps after.
  const beforeRounding = (s: CapStep) => s.scope === 'record' || (s.scope === 'applicant' && !line.record);
  let current = line.raw;
  for (const step of line.caps.filter(beforeRounding)) {
    out.push({ text: capText(step, lang, unit, exactRange) });
    current = step.after;
  }
  if (current) {
    const rounded = { low: toFen(current.low), high: toFen(current.high) };
    const changed = !rounded.low.eq(current.low) || !rounded.high.eq(current.high);
    out.push({ text: `${w(lang, 'rounding')}: ${changed ? `${exactRange(current, unit)} → ${formatRange(rounded, unit)}` : `${formatRange(rounded, unit)} (${w(lang, 'unchanged')})`}` });
  }
  for (const step of line.caps.filter((s) => !beforeRounding(s))) out.push({ text: capText(step, lang, unit, (x, u) => formatRange(x, u)) });
  if (line.perYear && line.amount) {
    const years = r.years > 1 ? `${w(lang, 'perYear')} ${formatRange(line.perYear, unit)} × ${r.years} ${w(lang, 'years')} = ` : '';
    out.push({ text: `${w(lang, 'result')}: ${years}${formatRange(line.amount, unit)}` });
  }
  return out;
}

function capText(step: CapStep, lang: Lang, unit: Unit, show: (r: Range, u: Unit) => string): string {
  const name =
    step.scope === 'shared'
      ? `${w(lang, 'sharedCap')} ${step.clause ?? ''} ${tx(lang, step.label)}`.trim()
      : `${step.scope === 'record' ? w(lang, 'perRecordCap') : w(lang, 'perApplicantCap')}${step.label ? ` (${tx(lang, step.label)})` : ''}`;
  const binds = step.bindsLow && step.bindsHigh ? w(lang, 'bindsBoth') : step.bindsHigh ? w(lang, 'bindsHigh') : step.bindsLow ? w(lang, 'bindsLow') : w(lang, 'notReached');
  // A cap shared with earlier entries or items leaves only what they have not used.
  const used = step.bindsHigh ? step.amount.minus(step.after.high) : step.bindsLow ? step.amount.minus(step.after.low) : undefined;
  const usedText = used?.gt(0) ? W.usedBefore[lang](formatMoney(used, unit)) : '';
  return `${name} ${formatMoney(step.amount, unit)}: ${show(step.before, unit)} → ${show(step.after, unit)} (${binds}${usedText})`;
}

function findLeaf(t: ConditionTrace, fact: string): ConditionTrace | undefined {
  if (t.kind === 'fact' && t.fact === fact && t.outcome === 'pass') return t;
  for (const ch of t.children ?? []) {
    const hit = findLeaf(ch, fact);
    if (hit) return hit;
  }
  return undefined;
}

function parametersUsed(r: ItemResult, lang: Lang, opts: ExplainOptions): Node[] {
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

// ---------------------------------------------------------------- rendering

const MARKS = { pass: '✓', fail: '✗', missing: '?' } as const;

export function renderExplainText(result: EvaluationResult, items: ItemResult[], opts: ExplainOptions & { chalk: ChalkInstance }): string {
  const { chalk, lang } = opts;
  const view = buildExplainView(result, items, withDates(result, opts));
  const out: string[] = view.header.map((l) => chalk.bold(l));
  const colour = (mark: Node['mark'], s: string) => (mark === 'pass' ? chalk.green(s) : mark === 'fail' ? chalk.red(s) : mark === 'missing' ? chalk.yellow(s) : s);
  const emit = (nodes: Node[], depth: number) => {
    for (const n of nodes) {
      const mark = n.mark ? `${colour(n.mark, MARKS[n.mark])} ` : '';
      out.push(`${'  '.repeat(depth)}${mark}${n.text}`);
      if (n.children) emit(n.children, depth + 1);
    }
  };
  for (const b of view.items) {
    out.push('', chalk.bold(b.heading));
    emit(b.summary, 1);
    out.push(`  ${w(lang, 'quote')}: 「${b.quote}」`);
    for (const l of b.lines) {
      out.push(`  ${chalk.bold(l.heading)}`);
      emit(l.nodes, 2);
    }
    emit(b.tail, 1);
  }
  if (view.opportunities.length) {
    out.push('', chalk.bold(W.moreOpps[lang]));
    for (const o of view.opportunities) out.push(`  • ${o}`);
    out.push(chalk.dim(`  ${W.eachAlone[lang]}`));
  }
  out.push('');
  for (const f of view.footer) out.push(chalk.dim(f));
  return `${out.join('\n')}\n`;
}

export function renderExplainMarkdown(result: EvaluationResult, items: ItemResult[], opts: ExplainOptions): string {
  const { lang } = opts;
  const view = buildExplainView(result, items, withDates(result, opts));
  const out: string[] = view.header.map((l) => `- ${l}`);
  const emit = (nodes: Node[], depth: number) => {
    for (const n of nodes) {
      out.push(`${'  '.repeat(depth)}- ${n.mark ? `${MARKS[n.mark]} ` : ''}${n.text}`);
      if (n.children) emit(n.children, depth + 1);
    }
  };
  for (const b of view.items) {
    out.push('', `## ${b.heading}`, '');
    emit(b.summary, 0);
    out.push('', `> ${w(lang, 'quote')}: ${b.quote}`);
    for (const l of b.lines) {
      out.push('', `### ${l.heading}`, '');
      emit(l.nodes, 0);
    }
    if (b.tail.length) {
      out.push('');
      emit(b.tail, 0);
    }
  }
  if (view.opportunities.length) {
    out.push('', `## ${W.moreOpps[lang]}`, '');
    for (const o of view.opportunities) out.push(`- ${o}`);
    out.push('', W.eachAlone[lang]);
  }
  out.push('');
  for (const f of view.footer) out.push(`> ${f}`);
  return `${out.join('\n')}\n`;
}

/** The explanation as data: the result's own items (every trace, every step) with the counts added. */
export function explainData(result: EvaluationResult, items: ItemResult[], opportunities: Opportunity[]) {
  const ids = new Set(items.map((r) => r.id));
  return {
    policy: result.policy,
    asOf: result.asOf,
    applicant: result.applicant,
    total: result.total,
    counts: result.counts,
    items: items.map((r) => ({
      ...r,
      lines: r.lines.map((l) => {
        const top = conjuncts(l.conditions);
        return { ...l, conditionsMet: top.filter((c) => c.outcome === 'pass').length, conditionsTotal: top.length };
      }),
    })),
    sharedCaps: result.sharedCaps.filter((s) => s.items.some((id) => ids.has(id))),
    opportunities: opportunities.filter((o) => ids.has(o.itemId)),
  };
}

function withDates(result: EvaluationResult, opts: ExplainOptions): ExplainOptions & { asOf: string; issued: string } {
  return { ...opts, asOf: result.asOf, issued: result.policy.issued };
}
