import type { Lang } from '../report/i18n.js';

// The interview's own words. Everything about the policy (fact labels, help, units, choices)
// comes from the policy file; these are only the words around them.

const WORDS = {
  unknown: { zh: '不清楚', en: "don't know" },
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
  anyOfLists: {
    zh: '申请单位有没有下列情况：项目、认定、兼并重组、融资等？',
    en: 'Does the applicant have any of these: projects, recognitions, mergers, financing …?',
  },
  someOfThese: { zh: '有（下一步勾选是哪些）', en: 'yes, some (tick which next)' },
  noneOfThese: { zh: '都没有', en: 'none of them' },
  whichLists: {
    zh: '申请单位有下列哪些情况？（空格勾选，回车确认；未勾选的按“没有”记录）',
    en: 'Which of these does the applicant have? (space to tick, Enter to confirm; the unticked are saved as none)',
  },
} as const;

export function w(lang: Lang, word: keyof typeof WORDS): string {
  return WORDS[word][lang];
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
  invert: { zh: '反选', en: 'invert' },
};
const KEY_NAMES: Record<string, { zh: string; en: string }> = { space: { zh: '空格', en: 'space' } };

/** The theme's keysHelpTip for @inquirer select and checkbox: `↑↓ 移动 • ⏎ 选择`. */
export function keysHelpTip(lang: Lang): (keys: [string, string][]) => string {
  return (keys) => keys.map(([key, action]) => `${KEY_NAMES[key]?.[lang] ?? key} ${KEY_ACTIONS[action]?.[lang] ?? action}`).join(' • ');
}
