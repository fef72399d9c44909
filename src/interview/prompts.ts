import { emitKeypressEvents } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { checkbox, input, select } from '@inquirer/prompts';
import { CancelledError } from '../errors/problem.js';

// The one place that talks to the terminal. The interview only sees the Prompts interface, so
// tests replace it with scripted answers (as changesets mocks its prompt wrapper).

export interface Option {
  value: string;
  name: string;
  /** Shown under the list while this option is highlighted (product examples, help text). */
  description?: string;
}

export interface Prompts {
  /** One choice out of several. */
  select(q: { message: string; choices: Option[]; default?: string }): Promise<string>;
  /** Any number of choices (none is an answer). */
  checkbox(q: { message: string; choices: Option[] }): Promise<string[]>;
  /** Free text; `validate` returns true or the message to show, and the question is asked again. */
  input(q: { message: string; validate: (text: string) => true | string; default?: string }): Promise<string>;
}

/** The terminal the prompts talk to: the keys typed, and where the questions are drawn. */
export interface Terminal {
  input: Readable;
  output: Writable;
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
  return {
    select: (q) =>
      guard((signal) =>
        select(
          // The list wraps: Up from the first choice reaches "no more" at the bottom in one key.
          { message: q.message, choices: q.choices.map(toChoice), pageSize: 12, loop: true, ...(q.default ? { default: q.default } : {}) },
          context(signal),
        ),
      ),
    checkbox: (q) => guard((signal) => checkbox({ message: q.message, choices: q.choices.map(toChoice), pageSize: 12, loop: false }, context(signal))),
    input: (q) =>
      guard((signal) =>
        input({ message: q.message, validate: (text: string) => q.validate(text), ...(q.default !== undefined ? { default: q.default } : {}) }, context(signal)),
      ),
  };
}

function toChoice(o: Option) {
  return { value: o.value, name: o.name, ...(o.description ? { description: o.description } : {}) };
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
