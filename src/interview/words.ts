import type { Lang } from '../report/i18n.js';

// The interview's own words. Everything about the policy (fact labels, help, units, choices)
// comes from the policy file; these are only the words around them.

const WORDS = {
  unknown: { zh: '不清楚', en: "don't know" },
  back: { zh: '← 上一题', en: '← back (the previous question)' },
  backHint: { zh: '输入 < 回到上一题', en: '< for the previous question' },
  have: { zh: '有', en: 'yes' },
  none: { zh: '没有', en: 'no' },
  notSure: { zh: '不确定', en: 'not sure' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  answerNeeded: { zh: '此项必须回答', en: 'an answer is needed here' },
  blankIfUnknown: { zh: '不清楚可留空', en: 'blank if not known' },
  money: { zh: '元，可写 3500万、1.2亿 或 3,000,000', en: 'yuan; 3500万, 1.2亿 or 3,000,000' },
  date: { zh: '日期，如 2019-05-01 或 2019年5月1日', en: 'a date such as 2019-05-01 or 2019/5/1' },
  rate: { zh: '百分比，如 4.35%', en: 'a percentage such as 4.35%' },
  number: { zh: '数字', en: 'a number' },
  orEnterAgain: { zh: '（或再按回车，按元计算）', en: ' (or press Enter again to keep it in yuan)' },
  enterToSkip: { zh: '可留空，回车跳过', en: 'optional: Enter to skip' },
  someOfThese: { zh: '有（下一步勾选是哪些）', en: 'yes, some (tick which next)' },
  noneOfThese: { zh: '都没有', en: 'none of them' },
  ifFavourable: { zh: '取决于答“不清楚”的问题：', en: 'What depends on the answers left as "don\'t know":' },
  dependsOnDate: { zh: '金额视该日期而定', en: 'the amount depends on that date' },
  noAmountInText: { zh: '政策未定金额', en: 'no amount in the text' },
  whichLists: {
    zh: '申请单位有下列哪些情况？（空格切换 有／没有／不确定，回车确认）',
    en: 'Which of these does the applicant have? (space: yes / no / not sure; Enter to confirm)',
  },
} as const;

/** Typed alone at a text question: back to the previous question. */
export const BACK_TEXT = '<';

export function w(lang: Lang, word: keyof typeof WORDS): string {
  return WORDS[word][lang];
}

/** The condition a "don't know" is taken to meet: “所属产业领域”符合条件 / the industry qualifies. */
export function assumedText(lang: Lang, label: string, kind: 'choice' | 'yes'): string {
  if (kind === 'yes') return lang === 'zh' ? `“${label}”为“是”` : `"${label}" is yes`;
  return lang === 'zh' ? `“${label}”符合条件` : `the ${label.charAt(0).toLowerCase()}${label.slice(1)} qualifies`;
}

/** 若“所属产业领域”符合条件 / if the industry qualifies (several joined by 且 / and). */
export function ifAssumed(lang: Lang, conditions: string[]): string {
  return lang === 'zh' ? `若${conditions.join('且')}` : `if ${conditions.join(' and ')}`;
}

/** The hint on a question asked only in case a "don't know" turns out favourable. */
export function neededIf(lang: Lang, conditions: string[]): string {
  return lang === 'zh' ? `${ifAssumed(lang, conditions)}才用到` : `needed ${ifAssumed(lang, conditions)}`;
}

/** 申请单位有没有下列情况：项目、认定、兼并重组、研发机构等？ — the applicant's own lists, the first four named. */
export function anyOfLists(lang: Lang, itemLabels: string[]): string {
  const shown = itemLabels.slice(0, 4);
  const more = itemLabels.length > shown.length;
  if (lang === 'zh') return `申请单位有没有下列情况：${shown.join('、')}${more ? '等' : ''}？`;
  return `Does the applicant have any of these: ${shown.join(', ')}${more ? ' …' : ''}?`;
}

/** "没有（更多）项目" / "no (more) projects": ends a list. */
export function noMore(lang: Lang, itemLabel: string, first: boolean): string {
  if (lang === 'zh') return first ? `没有${itemLabel}` : `没有更多${itemLabel}了`;
  return first ? `none (no ${itemLabel})` : `no more (that is every ${itemLabel})`;
}

/** "有项目要填写吗？" / "Add a project?" for a list whose entries have no choice to open them with. */
export function addEntry(lang: Lang, listLabel: string, itemLabel: string, first: boolean): string {
  if (lang === 'zh') return first ? `${listLabel}：有${itemLabel}要填写吗？` : `${listLabel}：还有其他${itemLabel}吗？`;
  return first ? `${listLabel}: add a ${itemLabel}?` : `${listLabel}: add another ${itemLabel}?`;
}

/** "项目 1 · 项目类型", "Project 1 · Project type" (an English item label is written lower-case, to sit inside sentences). */
export function entryQuestion(itemLabel: string, index: number, fieldLabel: string): string {
  return `${itemLabel.charAt(0).toUpperCase()}${itemLabel.slice(1)} ${index + 1} · ${fieldLabel}`;
}

/** The label with its unit or entry hint: 厂房、设备实际投资额（元，可写 3500万 …；不清楚可留空） */
export function withHint(lang: Lang, label: string, hints: string[]): string {
  if (hints.length === 0) return label;
  return lang === 'zh' ? `${label}（${hints.join('；')}）` : `${label} (${hints.join('; ')})`;
}

// The key hints @inquirer prints under a list ("↑↓ navigate • ⏎ select"), in the interview's language.
const KEY_ACTIONS: Record<string, { zh: string; en: string }> = {
  navigate: { zh: '移动', en: 'navigate' },
  select: { zh: '选择', en: 'select' },
  submit: { zh: '确认', en: 'submit' },
  all: { zh: '全选', en: 'all' },
  change: { zh: '切换', en: 'change' },
  back: { zh: '上一题', en: 'back' },
  invert: { zh: '反选', en: 'invert' },
};
const KEY_NAMES: Record<string, { zh: string; en: string }> = { space: { zh: '空格', en: 'space' } };

/** The theme's keysHelpTip for @inquirer select and checkbox: `↑↓ 移动 • ⏎ 选择`. */
export function keysHelpTip(lang: Lang): (keys: [string, string][]) => string {
  return (keys) => keys.map(([key, action]) => `${KEY_NAMES[key]?.[lang] ?? key} ${KEY_ACTIONS[action]?.[lang] ?? action}`).join(' • ');
}
