import type { ConditionTrace } from '../../engine/result.js';
import type { FactType, Policy } from '../../policy/model.js';
import type { Text } from '../../policy/schema.js';
import { addYears } from '../../values/dates.js';
import { formatMoney } from '../../values/format.js';
import { parseMoney } from '../../values/money.js';
import { type Lang, tx } from '../i18n.js';
import { dateDetail, periodRequirement } from './time.js';
import type { ExplainOptions, Node } from './view.js';
import { W, w } from './words.js';

// Conditions in the view model: each one with the value seen, the value required and whether it
// passed, failed or lacks a fact, so that "why not" is read off the data.


/** The conditions a line needs, as a flat list: nested "all" groups are opened up. */
export function conjuncts(t: ConditionTrace): ConditionTrace[] {
  if (t.kind !== 'all') return [t];
  return (t.children ?? []).flatMap(conjuncts);
}

export function conditionNode(c: ConditionTrace, lang: Lang, opts: ExplainOptions): Node {
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
  const timeDetail = dateDetail(c, lang, policy.ends);
  if (timeDetail) detail = timeDetail;
  else if (c.detail === 'before-issue') detail = W.beforeIssue[lang](opts.issued ?? policy.issued);
  else if (c.detail === 'after-as-of' && c.op === 'at_least_years_ago' && c.seen) {
    detail = W.reachedOn[lang](addYears(c.seen, Number(c.expected)));
  } else if (c.detail === 'after-as-of') detail = W.afterAsOf[lang](asOf);
  const flags = `${c.judgement ? w(lang, 'judgement') : ''}${c.changeable && c.outcome === 'fail' ? w(lang, 'changeable') : ''}`;
  // The fact by its label only: the consultant knows it by that, not by its path in the file.
  return lang === 'zh' ? `${label}：${seen}（${w(lang, 'required')}：${required}）${detail}${flags}` : `${label}: ${seen} (${w(lang, 'required')}: ${required})${detail}${flags}`;
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
    case 'in_period':
    case 'window':
      return periodRequirement(c, lang, opts.asOf ?? '', c.period, opts.issued ?? opts.policy.issued) ?? '';
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
