import type { Text } from '../policy/schema.js';
import type { Unit } from '../values/format.js';

export type Lang = 'zh' | 'en';

const WORDS = {
  clause: { zh: '条款', en: 'Clause' },
  item: { zh: '奖补事项', en: 'Item' },
  basis: { zh: '基数', en: 'Basis' },
  rate: { zh: '比例', en: 'Rate' },
  cap: { zh: '上限', en: 'Cap' },
  amount: { zh: '金额', en: 'Amount' },
  total: { zh: '合计', en: 'Total' },
  quotable: { zh: '可报区间', en: 'Range to quote' },
  paidOnce: { zh: '同级已奖励', en: 'already paid at this level' },
  quotableSame: { zh: '各种理解下相同', en: 'the same under every reading' },
  quotableAcross: { zh: '涵盖各种理解', en: 'across every reading' },
  fixedAward: { zh: '定额', en: 'fixed' },
  upTo: { zh: '最高', en: 'up to' },
  perRecord: { zh: '/项', en: '/entry' },
  perApplicant: { zh: '/单位', en: '/applicant' },
  perYear: { zh: '/年', en: '/yr' },
  years: { zh: '年', en: 'yrs' },
  capped: { zh: '已封顶', en: 'capped' },
  shared: { zh: '共享', en: 'shared' },
  applies: { zh: '适用', en: 'applies' },
  'does-not-apply': { zh: '不适用', en: 'does not apply' },
  'cannot-determine': { zh: '无法判断', en: 'cannot determine' },
  unquantifiedHeading: { zh: '无具体金额的支持（原文未规定金额）', en: 'Support with no amount in the text' },
  // A fact left out is not stated (never "lacking"): the heading says so, each line names the fact.
  cannotHeading: { zh: '无法判断（以下信息未说明）', en: 'Cannot determine (facts not stated)' },
  assumptionsHeading: { zh: '需政府认定的假设', en: 'Assumptions that need official judgement' },
  notesHeading: { zh: '解释说明', en: 'Interpretation notes' },
  sharedHeading: { zh: '共享上限', en: 'Shared caps' },
  opportunitiesHeading: { zh: '可争取的机会', en: 'Opportunities' },
  readingsHeading: { zh: '原文可有两种理解之处（各种理解下的合计）', en: 'Where the text can be read two ways (the total under each reading)' },
  notYetHeading: { zh: '尚未计入（日期晚于评估日期）', en: 'Not counted yet (dated after the as-of date)' },
  nothingApplies: { zh: '没有可计算金额的适用条款。', en: 'No item with an amount applies.' },
  notInScope: {
    zh: '所属产业不属于战略性新兴产业：要求战略性新兴产业的条款均不适用。',
    en: 'The industry is not a strategic emerging industry: every item that requires one does not apply.',
  },
  estimateNote: {
    zh: '本结果为估算：各项金额按原文计算并四舍五入到分，最终金额以主管部门审核及专家评审为准。',
    en: 'This is an estimate: amounts follow the policy text, rounded half-up to the fen; final amounts are set by official review.',
  },
  wanNote: { zh: '万 = 一万元', en: 'Amounts in 万: 1万 = 10,000 yuan.' },
  applicant: { zh: '申请单位', en: 'Applicant' },
  policy: { zh: '政策', en: 'Policy' },
  asOf: { zh: '评估日期', en: 'As of' },
  budget: { zh: '资金来源', en: 'Fund' },
  'case-by-case': { zh: '一事一议', en: 'case by case' },
  'matching-funds': { zh: '配套资金', en: 'matching funds' },
  'non-cash': { zh: '非现金支持', en: 'non-cash support' },
  'appropriate-subsidy': { zh: '适当补助', en: 'appropriate subsidy' },
  'existing-policy': { zh: '按现有政策', en: 'under existing policies' },
  ceiling: { zh: '最高', en: 'at most' },
  applicants: { zh: '申请主体', en: 'Applicants' },
  award: { zh: '奖补标准', en: 'Award' },
  title: { zh: '事项', en: 'Item' },
  id: { zh: '编号', en: 'ID' },
} as const;

export type Word = keyof typeof WORDS;

export function t(lang: Lang, word: Word): string {
  return WORDS[word][lang];
}

export function tx(lang: Lang, text: Text | undefined): string {
  return text ? text[lang] : '';
}

/**
 * The unit after an amount column's heading. Amounts in 万 carry their 万 in every cell, so the
 * heading does not repeat it; amounts in yuan are bare numbers, so the heading says yuan.
 */
export function unitSuffix(unit: Unit, lang: Lang): string {
  if (unit === 'wan') return '';
  return lang === 'zh' ? '（元）' : ' (yuan)';
}

/**
 * zh when the locale says Chinese, else en. The POSIX variables decide when set (LANG=C is
 * English); when none is (Windows), the system locale as Intl reports it.
 */
export function defaultLang(env: NodeJS.ProcessEnv = process.env, systemLocale: () => string = intlLocale): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || systemLocale();
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

function intlLocale(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().locale;
  } catch {
    return '';
  }
}

/** A label's colon: full-width in Chinese text. */
export function colon(lang: Lang): string {
  return lang === 'zh' ? '：' : ': ';
}

/** A parenthesis after a word: full-width in Chinese text. */
export function paren(lang: Lang, text: string): string {
  return lang === 'zh' ? `（${text}）` : ` (${text})`;
}
