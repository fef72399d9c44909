import { createPrompt, isDownKey, isEnterKey, isSpaceKey, isUpKey, makeTheme, type Status, useKeypress, usePrefix, useState } from '@inquirer/core';
import type { Lang } from '../report/i18n.js';
import { displayWidth } from '../report/wrap.js';
import { BACK_TEXT, keysHelpTip, w } from './words.js';

// The checklist of lists (projects, recognitions, mergers …): each one has, none, or not sure.
// A checkbox has only two states, and an unticked box read as "none" said more than the person
// knew; here "not sure" is a state of its own, and leaves the list unstated.

export type ListState = 'have' | 'none' | 'unsure';

const CYCLE: ListState[] = ['none', 'have', 'unsure'];
const WORD = { have: 'have', none: 'none', unsure: 'notSure' } as const;

export interface ChecklistConfig {
  message: string;
  choices: { value: string; name: string; description?: string }[];
  lang: Lang;
  /** Offer `<` for the previous question. */
  back: boolean;
  /** The states to start from (else every list "none"). */
  default?: Record<string, ListState>;
}

/** Resolves to the state of each choice, or to BACK_TEXT when `<` asks for the previous question. */
export const checklist = createPrompt<Record<string, ListState> | typeof BACK_TEXT, ChecklistConfig>((config, done) => {
  const theme = makeTheme({});
  const { lang, choices } = config;
  const [status, setStatus] = useState<Status>('idle');
  const prefix = usePrefix({ status, theme });
  const [states, setStates] = useState<Record<string, ListState>>(() =>
    Object.fromEntries(choices.map((c) => [c.value, config.default?.[c.value] ?? 'none'])),
  );
  const [active, setActive] = useState(0);
  const [backed, setBacked] = useState(false);

  useKeypress((key, rl) => {
    if (isEnterKey(key)) {
      setStatus('done');
      done(states);
    } else if (config.back && rl.line.endsWith(BACK_TEXT)) {
      rl.clearLine(0);
      setBacked(true);
      setStatus('done');
      done(BACK_TEXT);
    } else if (isUpKey(key) || isDownKey(key)) {
      setActive((active + (isUpKey(key) ? choices.length - 1 : 1)) % choices.length);
    } else if (isSpaceKey(key) || key.name === 'right') {
      const id = choices[active]?.value as string;
      const next = CYCLE[(CYCLE.indexOf(states[id] ?? 'none') + 1) % CYCLE.length] as ListState;
      setStates({ ...states, [id]: next });
    }
  });

  const message = theme.style.message(config.message, status);
  const word = (s: ListState) => w(lang, WORD[s]);
  if (status === 'done') {
    if (backed) return `${prefix} ${message} ${theme.style.answer(w(lang, 'back'))}`;
    const sep = lang === 'zh' ? '、' : ', ';
    const group = (s: ListState) => choices.filter((c) => states[c.value] === s).map((c) => c.name);
    const parts = (['have', 'unsure'] as const)
      .filter((s) => group(s).length > 0)
      .map((s) => `${word(s)}${lang === 'zh' ? '：' : ': '}${group(s).join(sep)}`);
    return `${prefix} ${message} ${theme.style.answer(parts.join(lang === 'zh' ? '；' : '; ') || word('none'))}`;
  }
  const wide = Math.max(...CYCLE.map((s) => displayWidth(word(s))));
  const rows = choices.map((c, i) => {
    const s = states[c.value] ?? 'none';
    const box = `[${word(s)}${' '.repeat(wide - displayWidth(word(s)))}]`;
    const row = `${i === active ? '❯' : ' '} ${box} ${c.name}`;
    return i === active ? theme.style.highlight(row) : row;
  });
  const description = choices[active]?.description;
  const keys: [string, string][] = [['↑↓', 'navigate'], ['space', 'change'], ['⏎', 'submit']];
  if (config.back) keys.push([BACK_TEXT, 'back']);
  return [`${prefix} ${message}`, ...rows, ' ', ...(description ? [theme.style.help(description)] : []), keysHelpTip(lang)(keys)].join('\n');
});
