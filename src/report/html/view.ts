import type { Opportunity } from '../../engine/opportunities.js';
import type { ConditionTrace, EvaluationResult, ItemResult, Range } from '../../engine/result.js';
import type { Policy } from '../../policy/model.js';
import type { Text } from '../../policy/schema.js';
import { formatMoney, formatRange, formatRate, type Unit } from '../../values/format.js';
import type { Money } from '../../values/money.js';
import { buildExplainView, type Node } from '../explain/view.js';
import { type Lang, t, tx } from '../i18n.js';
import { opportunityText } from '../opportunities.js';
import { buildEstimateView, type EstimateRow, entryLabel, lineLabel } from '../view.js';
import { counted, word } from './words.js';

// The client report as data: every string a person reads, in reading order, built once from the
// estimate view and the explain view (which hold the wording the text outputs use) — nothing here
// decides eligibility or computes an amount again.

export interface ReportOptions {
  lang: Lang;
  unit: Unit;
  policy: Policy;
  opportunities: Opportunity[];
  /** estimate: the amounts with their computation; explain: every item with every condition. */
  mode: 'estimate' | 'explain';
  /** explain only: the items asked for (--item / --clause); default every item. */
  items?: ItemResult[];
  /** The date the report is made (ISO), the tool's version, and the policy data's version. */
  generated: string;
  toolVersion: string;
  policyVersion: string;
}

export interface Fact {
  label: string;
  value: string;
}

export interface Bar {
  label: string;
  low: Money;
  high: Money;
  text: string;
}

export interface Detail {
  id: string;
  heading: string;
  quote: string;
  /** Status, applicants, award (explain mode), one node each. */
  summary: Node[];
  lines: { heading: string; nodes: Node[] }[];
  tail: Node[];
}

/** A reading of the text that touches this case, as the result reports it (when it does). */
export interface ReadingView {
  question: string;
  alternatives: { label: string; total: string; chosen: boolean }[];
}

export interface ReportView {
  lang: Lang;
  mode: ReportOptions['mode'];
  title: string;
  who: Fact[];
  total: { text: string; unitNote: string; dependsOn: string[]; notCounted: string[]; quotable?: { range: string; note: string } };
  bars: Bar[];
  table: { header: string[]; rows: EstimateRow[]; total: string };
  sharedCaps: string[];
  details: Detail[];
  judgement: { rates: string[]; assumptions: string[] };
  missing: { item: string; facts: string[] }[];
  opportunities: string[];
  unquantified: string[];
  notes: string[];
  readings: ReadingView[];
  fund?: { clause: string; label: string; quote: string; amount: string };
  disclaimer: string[];
}

export function buildReportView(result: EvaluationResult, opts: ReportOptions): ReportView {
  const { lang, unit, policy } = opts;
  const est = buildEstimateView(result, lang, unit, policy);
  const a = result.applicant;
  const sep = lang === 'zh' ? '，' : ', ';
  const colon = lang === 'zh' ? '：' : ': ';
  const who: Fact[] = [
    { label: word(lang, 'applicant'), value: a.name ?? word(lang, 'notStated') },
    { label: word(lang, 'kind'), value: tx(lang, a.kindLabel) || a.kind },
    { label: word(lang, 'industry'), value: tx(lang, a.industryLabel) || a.industry || word(lang, 'notStated') },
    {
      label: word(lang, 'policy'),
      value: [tx(lang, result.policy.title), tx(lang, policy.file.issuer), policy.file.document].filter(Boolean).join(sep),
    },
    { label: word(lang, 'issuedOn'), value: result.policy.issued },
    { label: word(lang, 'asOf'), value: result.asOf },
    { label: word(lang, 'generated'), value: opts.generated },
    { label: word(lang, 'versions'), value: `${word(lang, 'tool')} subsidy-calc ${opts.toolVersion}${sep}${word(lang, 'policyData')} ${opts.policyVersion}` },
  ];

  const amountItems = result.items.filter((r) => r.status === 'applies' && r.kind === 'amount');
  const bars: Bar[] = [];
  const rates: string[] = [];
  const capped: string[] = [];
  for (const r of amountItems) {
    for (const line of r.lines) {
      if (line.status !== 'applies' || !line.amount) continue;
      const label = `${r.clause} ${lineLabel(r, line, lang)}`;
      // In the sentences under the total the entry alone is clear enough (the table has the rest).
      const short = `${r.clause} ${entryLabel(line, lang) ?? tx(lang, r.title)}`;
      bars.push({ label, low: line.amount.low, high: line.amount.high, text: formatRange(line.amount, unit) });
      if (line.rate && line.rate.form !== 'fixed' && line.basis) {
        rates.push(`${short}${colon}${formatMoney(line.basis.amount, unit)} × ${formatRate(line.rate)} = ${formatRange(line.amount, unit)}`);
      }
      for (const c of line.caps) {
        // A cap per year binds in each year it cuts: named once per line.
        const text = `${short}${colon}${t(lang, 'cap')} ${formatMoney(c.amount, unit)}`;
        if ((c.bindsHigh || c.bindsLow) && !capped.includes(text)) capped.push(text);
      }
    }
  }
  const dependsOn: string[] = [];
  if (rates.length) dependsOn.push(`${word(lang, 'rangeFromRates')}${colon}${rates.join(lang === 'zh' ? '；' : '; ')}`);
  else if (result.total.low.eq(result.total.high)) dependsOn.push(word(lang, 'noRange'));
  if (capped.length) dependsOn.push(`${word(lang, 'capsBind')}${colon}${capped.join(lang === 'zh' ? '；' : '; ')}`);
  const notCounted: string[] = [];
  if (result.counts.unquantified) notCounted.push(counted(lang, 'unquantifiedCount', result.counts.unquantified));
  if (result.counts.cannotDetermine) notCounted.push(counted(lang, 'undeterminedCount', result.counts.cannotDetermine));

  const details = buildDetails(result, opts);
  const labels = factLabels(result, lang);
  const missing = result.items
    .filter((r) => r.status === 'cannot-determine')
    .map((r) => ({ item: `${r.clause} ${tx(lang, r.title)}`, facts: r.missing.map((p) => labels.get(p) ?? p) }));

  return {
    lang,
    mode: opts.mode,
    title: word(lang, opts.mode === 'explain' ? 'explainTitle' : 'reportTitle'),
    who,
    total: { text: est.total, unitNote: unitNote(unit, lang), dependsOn, notCounted, ...(est.quotable ? { quotable: est.quotable } : {}) },
    bars,
    table: { header: est.header, rows: est.rows, total: est.total },
    sharedCaps: est.sharedCaps,
    details,
    judgement: { rates, assumptions: est.assumptions },
    missing,
    opportunities: opts.opportunities.map((o) => opportunityText(o, lang, unit)),
    unquantified: est.unquantified,
    notes: est.notes,
    readings: readingsOf(result, lang, unit),
    ...(result.budget && policy.budget
      ? { fund: { clause: result.budget.clause, label: tx(lang, result.budget.label), quote: policy.budget.quote, amount: formatMoney(result.budget.amount, unit) } }
      : {}),
    disclaimer: [
      ...(result.applicant.inScope === false ? [t(lang, 'notInScope')] : []),
      ...(result.policy.notice ? [tx(lang, result.policy.notice)] : []),
      t(lang, 'estimateNote'),
      word(lang, 'disclaimer'),
    ],
  };
}

/**
 * Per item, from the explain view. Estimate mode keeps the items with an amount and, of each line,
 * only its computation (the explain view puts it after the line's conditions); explain mode keeps
 * everything the explain command prints.
 */
function buildDetails(result: EvaluationResult, opts: ReportOptions): Detail[] {
  const { lang, unit, policy } = opts;
  const items = opts.mode === 'explain' ? (opts.items ?? result.items) : result.items.filter((r) => r.status === 'applies' && r.kind === 'amount');
  const filtered = opts.mode === 'explain' && opts.items !== undefined && opts.items.length !== result.items.length;
  const view = buildExplainView(result, items, { lang, unit, policy, opportunities: opts.opportunities, filtered, asOf: result.asOf, issued: result.policy.issued });
  return view.items.map((block, i) => {
    const r = items[i] as ItemResult;
    const heading = `${r.clause} ${tx(lang, r.title)}`;
    if (opts.mode === 'explain') return { id: r.id, heading, quote: block.quote, summary: block.summary, lines: block.lines, tail: block.tail };
    const lines = block.lines
      .map((l, k) => ({ line: r.lines[k], heading: l.heading, nodes: l.nodes.slice(1).flatMap((n) => (n.children ?? []).map(withoutPaths)) }))
      .filter((l) => l.line?.status === 'applies')
      .map((l) => ({ heading: (l.line && entryLabel(l.line, lang)) ?? '', nodes: l.nodes }));
    return { id: r.id, heading, quote: block.quote, summary: [], lines, tail: [] };
  });
}

/**
 * The client reads "厂房、设备实际投资额 = 3,500万"; the project-file path after the label
 * ([projects[0].plant_equipment_investment]) is for whoever edits the file, and stays in explain.
 */
function withoutPaths(n: Node): Node {
  return { ...n, text: n.text.replace(/ \[[A-Za-z_][\w.[\]]*\]/g, '') };
}

function unitNote(unit: Unit, lang: Lang): string {
  if (unit === 'wan') return lang === 'zh' ? '' : '万 = 10,000 yuan';
  return lang === 'zh' ? '单位：元' : 'in yuan';
}

/** The labels of the facts named in traces, by case path (the result carries them; no policy lookup). */
function factLabels(result: EvaluationResult, lang: Lang): Map<string, string> {
  const labels = new Map<string, string>();
  const walk = (c: ConditionTrace) => {
    if (c.path && c.factLabel) labels.set(c.path, tx(lang, c.factLabel));
    for (const ch of c.children ?? []) walk(ch);
  };
  for (const r of result.items) for (const l of r.lines) walk(l.conditions);
  return labels;
}

/**
 * The readings that would change this case (compareReadings fills result.alternatives): a
 * question, alternatives with a label and a total, and which alternative the result used.
 * Nothing is shown when the result has none.
 */
function readingsOf(result: EvaluationResult, lang: Lang, unit: Unit): ReadingView[] {
  const raw = result.alternatives;
  if (!Array.isArray(raw)) return [];
  const text = (v: unknown): string => (typeof v === 'string' ? v : v && typeof v === 'object' && lang in v ? String((v as Text)[lang]) : '');
  const range = (v: unknown): string => {
    const r = v as Partial<Range> | undefined;
    return r?.low && r.high && typeof r.low === 'object' ? formatRange(r as Range, unit) : '';
  };
  return raw.map((rd) => {
    const reading = rd as { id?: string; question?: unknown; chosen?: string; alternatives?: unknown[] };
    return {
      question: text(reading.question) || (reading.id ?? ''),
      alternatives: (reading.alternatives ?? []).map((alt) => {
        const a = alt as { id?: string; label?: unknown; total?: unknown; chosen?: boolean };
        return { label: text(a.label) || (a.id ?? ''), total: range(a.total), chosen: a.chosen === true || (a.id !== undefined && a.id === reading.chosen) };
      }),
    };
  });
}
