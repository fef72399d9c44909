import type { ConditionTrace, EvaluationResult, ItemResult, Line } from '../engine/result.js';
import type { Policy } from '../policy/model.js';
import { formatMoney, formatRange, formatRate, type Unit } from '../values/format.js';
import { colon, type Lang, paren, t, tx, unitSuffix } from './i18n.js';
import { capScopeText, earnedText, lineAmountText, notYetLines, readingLines, readingsHeadline, sharedCapLine } from './time.js';

// The estimate as rows and sections of plain strings, shared by the table and markdown renderers
// so that both always say the same thing.

export interface EstimateRow {
  clause: string;
  /** Title and entry in one string ("title：entry"), for one-line formats. */
  item: string;
  title: string;
  /** The project, recognition … the row is for, if any. */
  entry?: string;
  basis: string;
  rate: string;
  cap: string;
  amount: string;
  /** For a window with years after the as-of date: what the years begun by then pay. */
  earned?: string;
  capped: boolean;
}

export interface EstimateView {
  header: string[];
  rows: EstimateRow[];
  total: string;
  /** The range a consultant can quote (every combination of the readings that change the case), when compared. */
  quotable?: { range: string; note: string };
  unquantified: string[];
  cannotDetermine: string[];
  assumptions: string[];
  notes: string[];
  sharedCaps: string[];
  /** Awards dated after the as-of date, with the day each counts from. */
  notYet: string[];
  /** The readings that would change this case, with the total under each alternative. */
  readings: string[];
  footer: string[];
}

export function entryLabel(line: Line, lang: Lang): string | undefined {
  if (!line.record) return undefined;
  return line.record.name ?? (line.record.description ? tx(lang, line.record.description) : `${tx(lang, line.record.itemLabel)} ${line.record.index + 1}`);
}

export function lineLabel(r: ItemResult, line: Line, lang: Lang): string {
  const title = tx(lang, r.title);
  const entry = entryLabel(line, lang);
  return entry ? `${title}${lang === 'zh' ? '：' : ': '}${entry}` : title;
}

function capText(r: ItemResult, line: Line, unit: Unit, lang: Lang): { text: string; capped: boolean } {
  const parts = r.award.caps.map((c) => `${formatMoney(c.amount, unit)}${capScopeText(c.per, r.years > 1, lang)}`);
  for (const step of line.caps) {
    if (step.scope === 'shared') parts.push(`${formatMoney(step.amount, unit)}${t(lang, 'perApplicant')}${t(lang, 'perYear')}${paren(lang, t(lang, 'shared'))}`);
    // A repeat of a recognition already paid at its level says so (the reason is among the notes).
    if (step.scope === 'levels' && step.label) parts.push(t(lang, 'paidOnce'));
  }
  const capped = line.caps.some((c) => (c.bindsHigh || c.bindsLow) && !(c.scope === 'levels' && c.label));
  const text = parts.length ? parts.join('; ') : '—';
  return { text: capped ? `${text} ${t(lang, 'capped')}` : text, capped: line.caps.some((c) => c.bindsHigh || c.bindsLow) };
}

function amountText(r: ItemResult, line: Line, unit: Unit, lang: Lang): string {
  return lineAmountText(r, line, unit, lang);
}

function rateText(r: ItemResult, line: Line, lang: Lang): string {
  if (line.rate) return formatRate(line.rate);
  if (r.award.form === 'up_to') return t(lang, 'upTo');
  return t(lang, 'fixedAward');
}

/** The missing facts by their labels (厂房、设备实际投资额), the path only where no label is known. */
export function missingText(paths: string[], lang: Lang, labels: Map<string, string>): string {
  return [...new Set(paths.map((p) => labels.get(p) ?? p))].join(lang === 'zh' ? '、' : ', ');
}

/**
 * The amount column's header. Amounts in 万 carry their 万, so the header does not repeat it;
 * amounts in yuan are bare numbers, so the header says yuan.
 */
export function amountHeader(header: string, unit: Unit, lang: Lang): string {
  return `${header}${unitSuffix(unit, lang)}`;
}

/**
 * A case path by its fact's label in the policy (projects[0].plant_equipment_investment →
 * 厂房、设备实际投资额), or undefined where the policy has no such fact.
 */
export function pathLabel(policy: Policy, path: string, lang: Lang): string | undefined {
  const [head, field] = path.replace(/\[\d+\]/g, '').split('.') as [string, string | undefined];
  const list = policy.lists.get(head);
  const label = list ? (field ? list.fields.get(field)?.label : list.label) : policy.facts.get(head)?.label;
  return label ? tx(lang, label) : undefined;
}

/**
 * Labels of the facts named in missing paths, taken from the traces; a fact no condition names (the
 * amount's basis: 厂房、设备实际投资额) from the policy, when the renderer has it.
 */
function missingLabels(result: EvaluationResult, lang: Lang, policy?: Policy): Map<string, string> {
  const labels = new Map<string, string>();
  const walk = (tr: ConditionTrace) => {
    if (tr.path && tr.factLabel) labels.set(tr.path, tx(lang, tr.factLabel));
    for (const child of tr.children ?? []) walk(child);
  };
  for (const r of result.items) for (const l of r.lines) walk(l.conditions);
  if (policy) {
    for (const r of result.items) {
      for (const l of r.lines) {
        for (const p of l.missing) {
          const label = labels.has(p) ? undefined : pathLabel(policy, p, lang);
          if (label) labels.set(p, label);
        }
      }
    }
  }
  return labels;
}

export function buildEstimateView(result: EvaluationResult, lang: Lang, unit: Unit, policy?: Policy): EstimateView {
  const rows: EstimateRow[] = [];
  const unquantified: string[] = [];
  const cannotDetermine: string[] = [];
  const assumptions: string[] = [];
  const notes: string[] = [];
  const labels = missingLabels(result, lang, policy);
  const undetermined = new Map<string, string[]>();
  for (const r of result.items) {
    if (r.status === 'applies' && r.kind === 'amount') {
      for (const line of r.lines) {
        if (line.status !== 'applies') continue;
        const cap = capText(r, line, unit, lang);
        const earned = earnedText(line, unit, lang);
        rows.push({
          clause: r.clause,
          item: lineLabel(r, line, lang),
          title: tx(lang, r.title),
          entry: entryLabel(line, lang),
          basis: line.basis ? formatMoney(line.basis.amount, unit) : '—',
          rate: rateText(r, line, lang),
          cap: cap.text,
          amount: amountText(r, line, unit, lang),
          ...(earned ? { earned } : {}),
          capped: cap.capped,
        });
      }
    } else if (r.status === 'applies') {
      const names = r.lines.filter((l) => l.status === 'applies' && l.record).map((l) => l.record?.name ?? tx(lang, l.record?.description) ?? `#${(l.record?.index ?? 0) + 1}`);
      const ceiling = r.award.ceiling ? `，${t(lang, 'ceiling')} ${formatMoney(r.award.ceiling, unit)}` : '';
      unquantified.push(
        `${r.clause} ${tx(lang, r.title)}${names.length ? paren(lang, names.join(lang === 'zh' ? '、' : ', ')) : ''} — ${t(lang, r.award.nature as 'case-by-case')}${lang === 'en' ? ceiling.replace('，', ', ') : ceiling}${colon(lang)}${tx(lang, r.award.description)}`,
      );
    } else if (r.status === 'cannot-determine') {
      const key = missingText(r.missing, lang, labels);
      const entry = undetermined.get(key) ?? [];
      entry.push(`${r.clause}${tx(lang, r.title)}`);
      undetermined.set(key, entry);
    }
    if (r.status === 'applies') {
      // Each entry not paid because what it recognises was already paid at that level: which, and why.
      for (const line of r.lines) {
        const step = line.caps.find((s) => s.scope === 'levels' && s.label);
        if (step?.label) notes.push(`${r.clause} ${lineLabel(r, line, lang)}${line.event ? ` ${line.event.date}` : ''}${colon(lang)}${tx(lang, step.label)}`);
      }
      for (const a of r.assumptions) assumptions.push(`${r.clause} ${tx(lang, r.title)}${colon(lang)}${tx(lang, a)}`);
      for (const n of r.interpretation) notes.push(`${r.clause} ${tx(lang, r.title)}${colon(lang)}${tx(lang, n)}`);
    }
  }
  // Grouped by what is missing: one line per missing fact, naming the items it would decide.
  for (const [missing, items] of undetermined) {
    cannotDetermine.push(`${missing} → ${items.join(lang === 'zh' ? '；' : '; ')}`);
  }
  const sharedCaps = result.sharedCaps.filter((s) => s.binds).map((s) => sharedCapLine(s, unit, lang));
  const footer: string[] = [];
  if (result.applicant.inScope === false) footer.push(t(lang, 'notInScope'));
  if (result.budget) footer.push(`${t(lang, 'budget')}${colon(lang)}${result.budget.clause} ${tx(lang, result.budget.label)}`);
  if (result.policy.notice) footer.push(tx(lang, result.policy.notice));
  footer.push(t(lang, 'estimateNote'));
  if (unit === 'wan' && lang === 'en') footer.push(t(lang, 'wanNote'));
  return {
    header: [t(lang, 'clause'), t(lang, 'item'), t(lang, 'basis'), t(lang, 'rate'), t(lang, 'cap'), t(lang, 'amount')],
    rows,
    total: formatRange(result.total, unit),
    ...(result.quotable ? { quotable: quotableView(result.quotable, lang, unit) } : {}),
    unquantified,
    cannotDetermine,
    assumptions,
    notes,
    sharedCaps,
    notYet: notYetLines(result, lang),
    readings: readingLines(result.alternatives ?? [], unit, lang),
    footer,
  };
}

/** The quotable range and what it spans: the readings that change the case, or that none does. */
export function quotableView(q: NonNullable<EvaluationResult['quotable']>, lang: Lang, unit: Unit): { range: string; note: string } {
  const note = q.readings.length ? `${t(lang, 'quotableAcross')}${colon(lang)}${q.readings.join(', ')}` : t(lang, 'quotableSame');
  return { range: formatRange(q, unit), note };
}

export function headline(result: EvaluationResult, lang: Lang): string[] {
  const a = result.applicant;
  const who = [a.name, tx(lang, a.kindLabel) || a.kind, tx(lang, a.industryLabel)].filter(Boolean).join(' · ');
  const readings = readingsHeadline(result, lang);
  return [
    `${t(lang, 'applicant')}${colon(lang)}${who}`,
    `${t(lang, 'policy')}${colon(lang)}${tx(lang, result.policy.title)}${paren(lang, `${result.policy.id}, ${result.policy.issued}`)}   ${t(lang, 'asOf')}${colon(lang)}${result.asOf}`,
    ...(readings ? [readings] : []),
  ];
}

export { colon, paren } from './i18n.js';
