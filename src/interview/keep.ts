import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Case, FactValue } from '../case/model.js';
import { CancelledError } from '../errors/problem.js';
import { type Target, writeWhole } from '../io/index.js';
import type { Policy } from '../policy/model.js';
import type { Answers, RawAnswer } from '../questions/answers.js';
import type { Lang } from '../report/i18n.js';
import { shellArg } from '../values/display.js';
import type { Prompts } from './prompts.js';
import type { InterviewCancelled } from './run.js';
import { answersToYaml, defaultName } from './save.js';

// Ctrl-C need not lose an interview: the answers so far can be kept as a project file, which
// `subsidy estimate FILE` reads like any other and `subsidy estimate FILE --interview` takes up
// again, asking only what is still open.

const WORDS = {
  keep: { zh: '问答已中断。保留已回答的内容吗？', en: 'Interview stopped. Keep the answers so far?' },
  saveTo: { zh: '保存到 ', en: 'save them to ' },
  drop: { zh: '不保存', en: 'no, discard them' },
} as const;

/** Whether the answers are enough for a project file: every required fact but the name (which the file's name stands in for). */
export function worthKeeping(policy: Policy, cancelled: InterviewCancelled): boolean {
  if (cancelled.answered === 0) return false;
  return [...policy.facts.values()].every((f) => !f.def.required || f.type === 'text' || cancelled.answers.facts[f.name] !== undefined);
}

/**
 * A file name that is free in the folder: the --save path when one was given (already checked),
 * else the applicant's name (大华银行.yaml) or interview-answers.yaml, with -2, -3 … until nothing
 * is there, so that keeping the answers never replaces a file.
 */
export function suggestPath(folder: string, answers: Answers, taken: (path: string) => boolean = existsSync): string {
  const name = typeof answers.facts.name === 'string' ? answers.facts.name.trim() : '';
  // A name usable as a file name on any system (no separators, no control characters), else a plain one.
  const usable = name !== '' && !/[\\/:*?"<>|]/.test(name) && ![...name].some((ch) => ch.charCodeAt(0) < 32) && !name.startsWith('.') && name.length <= 80;
  const stem = usable ? name : 'interview-answers';
  for (let n = 1; ; n++) {
    const file = `${stem}${n === 1 ? '' : `-${n}`}.yaml`;
    if (!taken(join(folder, file))) return file;
  }
}

/**
 * Offers to keep the answers (one question: save to PATH, or discard); Ctrl-C again discards.
 * Returns the path written, or undefined. `target.path` is absolute; `target.display` as shown.
 */
export async function offerToKeep(
  policy: Policy,
  cancelled: InterviewCancelled,
  opts: { lang: Lang; asOf?: string; prompts: Prompts; target: Target },
): Promise<string | undefined> {
  const { lang, target } = opts;
  let choice: string;
  try {
    choice = await opts.prompts.select({
      message: WORDS.keep[lang],
      choices: [
        { value: 'keep', name: `${WORDS.saveTo[lang]}${target.display}` },
        { value: 'drop', name: WORDS.drop[lang] },
      ],
    });
  } catch (e) {
    if (e instanceof CancelledError) return undefined;
    throw e;
  }
  if (choice !== 'keep') return undefined;
  const answers: Answers = { facts: { ...cancelled.answers.facts }, lists: cancelled.answers.lists };
  for (const f of policy.facts.values()) if (f.def.required && f.type === 'text' && answers.facts[f.name] === undefined) answers.facts[f.name] = defaultName(target.path);
  await writeWhole(target, answersToYaml(policy, answers, { ...(opts.asOf ? { asOf: opts.asOf } : {}), unfinished: true }));
  const arg = shellArg(target.display);
  opts.prompts.say?.(
    lang === 'zh'
      ? `已保存到 ${target.display}。继续问答：subsidy estimate ${arg} --interview`
      : `Saved to ${target.display}. To go on with the interview: subsidy estimate ${arg} --interview`,
  );
  return target.path;
}

/**
 * A project file as answers to take up again: each value as written (3500万 stays 3500万) where
 * the file uses the fact's id, else as read (a key written with its Chinese label).
 */
export function answersFromFile(policy: Policy, text: string, c: Case): Answers {
  let raw: Record<string, unknown> = {};
  try {
    const data = parse(text, { schema: 'failsafe' }) as unknown;
    if (data && typeof data === 'object' && !Array.isArray(data)) raw = data as Record<string, unknown>;
  } catch {
    // the case was read already; fall back to its values
  }
  const given = (value: FactValue, written: unknown, type: string): RawAnswer => {
    if (type !== 'boolean' && typeof written === 'string' && written.trim() !== '') return written;
    return typeof value === 'string' || typeof value === 'boolean' ? value : value.toString();
  };
  const answers: Answers = { facts: {}, lists: {} };
  for (const fact of policy.facts.values()) {
    const value = c.facts[fact.name];
    if (value !== undefined) answers.facts[fact.name] = given(value, raw[fact.name], fact.type);
  }
  for (const list of policy.lists.values()) {
    const entries = c.lists[list.id];
    if (!entries) continue;
    const written = Array.isArray(raw[list.id]) ? (raw[list.id] as unknown[]) : [];
    answers.lists[list.id] = entries.map((record, i) => {
      const w = (written[i] && typeof written[i] === 'object' ? written[i] : {}) as Record<string, unknown>;
      const out: Record<string, RawAnswer> = {};
      for (const field of list.fields.values()) {
        const value = record[field.name];
        if (value !== undefined) out[field.name] = given(value, w[field.name], field.type);
      }
      return out;
    });
  }
  return answers;
}
