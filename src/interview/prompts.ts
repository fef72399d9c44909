import { emitKeypressEvents } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { input, Separator, select } from '@inquirer/prompts';
import { CancelledError } from '../errors/problem.js';
import type { Lang } from '../report/i18n.js';
import { wrapLines, wrapParagraph } from '../report/wrap.js';
import { checklist, type ListState } from './checklist.js';
import { BACK_TEXT, keysHelpTip, w } from './words.js';

export type { ListState } from './checklist.js';

// The one place that talks to the terminal. The interview only sees the Prompts interface, so
// tests replace it with scripted answers (as changesets mocks its prompt wrapper).

export interface Option {
  value: string;
  name: string;
  /** Shown under the list while this option is highlighted (product examples, help text). */
  description?: string;
}

/**
 * The prompts the interview asks with. With `back`, the person may ask for the previous question
 * instead of answering (a "← back" choice, or `<` typed alone): the prompt then throws GoBack.
 */
export interface Prompts {
  /** One choice out of several. */
  select(q: { message: string; choices: Option[]; default?: string; back?: boolean }): Promise<string>;
  /** For each option: have, none, or not sure. */
  checklist(q: { message: string; choices: Option[]; default?: Record<string, ListState>; back?: boolean }): Promise<Record<string, ListState>>;
  /** Free text; `validate` returns true or the message to show, and the question is asked again. */
  input(q: { message: string; validate: (text: string) => true | string; default?: string; back?: boolean }): Promise<string>;
  /** A line for the person between questions (what the answers left as "don't know" could give). */
  say?(text: string): void;
}

/** The person asked for the previous question instead of answering this one. */
export class GoBack extends Error {
  constructor() {
    super('back to the previous question');
    this.name = 'GoBack';
  }
}

/** The value of the "← back" choice (no id in a policy can start with NUL). */
const BACK = '\u0000back';

/** The terminal the prompts talk to: the keys typed, and where the questions are drawn. */
export interface Terminal {
  input: Readable;
  output: Writable;
  /** The language of the key hints under a list (↑↓ 移动 • ⏎ 选择); English when not given. */
  lang?: Lang;
}

/**
 * The real prompts (@inquirer/prompts) on the terminal given. The CLI gives them stdin and
 * stderr, so that `--format json > out.json` still gets only the result on stdout. Ctrl-C, and
 * Ctrl-D (which inquirer leaves to readline), become a CancelledError: one line on stderr, exit 130.
 */
export function terminalPrompts(terminal: Terminal): Prompts {
  const { input: keys } = terminal;
  const context = (signal: AbortSignal) => ({ input: keys, output: terminal.output, signal });
  const guard = <T>(run: (signal: AbortSignal) => Promise<T>) => guarded(keys, run);
  const theme = { style: { keysHelpTip: keysHelpTip(terminal.lang ?? 'en') } };
  const lang = terminal.lang ?? 'en';
  const back = [{ value: BACK, name: w(lang, 'back') }];
  return {
    select: async (q) => {
      // "Back" below a line, apart from the answers: a step, not an answer.
      const width = (terminal.output as { columns?: number }).columns ?? 80;
      const choices = [...q.choices.map((o) => toChoice(o, width)), ...(q.back ? [new Separator(), ...back.map((o) => toChoice(o, width))] : [])];
      const answer = await guard((signal) =>
        // The list wraps: Up from the first choice reaches "no more" at the bottom in one key.
        select({ message: q.message, choices, pageSize: 12, loop: true, theme, ...(q.default ? { default: q.default } : {}) }, context(signal)),
      );
      if (answer === BACK) throw new GoBack();
      return answer;
    },
    checklist: async (q) => {
      const states = await guard((signal) => checklist({ message: q.message, choices: q.choices, lang, back: q.back === true, ...(q.default ? { default: q.default } : {}) }, context(signal)));
      if (states === BACK_TEXT) throw new GoBack();
      return states;
    },
    input: async (q) => {
      const backed = (text: string) => q.back === true && text.trim() === BACK_TEXT;
      const text = await guard((signal) =>
        input(
          // Prefilled when the question is asked again after "back": the earlier answer, to keep or edit.
          {
            message: q.message,
            validate: (t: string) => backed(t) || q.validate(t),
            // Once answered, a `<` is shown as what it did (the text typed is left as typed until then, for the cursor's sake).
            transformer: (t: string, { isFinal }: { isFinal: boolean }) => (isFinal && backed(t) ? w(lang, 'back') : t),
            ...(q.default ? { default: q.default, prefill: 'editable' as const } : {}),
          },
          context(signal),
        ),
      );
      if (backed(text)) throw new GoBack();
      return text;
    },
    // Wrapped to the terminal by display width, a bullet's lines under its text; a blank line after.
    say: (text) => {
      const width = (terminal.output as { columns?: number }).columns ?? 80;
      const lines = text.split('\n').flatMap((l) => (l.startsWith('  • ') ? wrapParagraph(l.slice(4), width, '  • ', '    ') : wrapLines(l, width)));
      terminal.output.write(`${lines.join('\n')}\n\n`);
    },
  };
}

/** A choice for @inquirer; its description wrapped by display width (inquirer would break 、 or a word anywhere). */
function toChoice(o: Option, width = 80) {
  return { value: o.value, name: o.name, ...(o.description ? { description: wrapLines(o.description, width - 1).join('\n') } : {}) };
}

/**
 * Runs one prompt with an abort signal fired by Ctrl-D (readline alone would just close the line
 * and leave the prompt unanswered), listening only while that prompt is open.
 */
async function withCtrlD<T>(keys: Readable, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  emitKeypressEvents(keys);
  const onKey = (_text: string | undefined, key: { ctrl?: boolean; name?: string } | undefined) => {
    if (key?.ctrl && key.name === 'd') controller.abort();
  };
  keys.on('keypress', onKey);
  try {
    return await run(controller.signal);
  } finally {
    keys.removeListener('keypress', onKey);
  }
}

async function guarded<T>(keys: Readable, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await withCtrlD(keys, run);
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    if (name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError') throw new CancelledError();
    throw e;
  }
}
