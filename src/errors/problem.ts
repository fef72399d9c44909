import { safeMessage, safeText } from '../values/display.js';

/**
 * A problem with some input, as a value: where it is (file, line, column, field path) and what
 * was expected. The CLI formats problems in one place; nothing below it prints or exits.
 */
export interface Problem {
  file?: string;
  line?: number;
  col?: number;
  /** The field path as a consultant reads it: projects[0].plant_equipment_investment */
  path: string;
  message: string;
  /** The message in Chinese, where the code that found the problem could say it (else `message` is shown). */
  zh?: string;
  severity: 'error' | 'warning';
  /** The policy clause the problem concerns, when there is one. */
  clause?: string;
}

export type PathSegment = string | number;

/** Renders ['projects', 0, 'type'] as projects[0].type. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** Thrown at the library's edge when input cannot be used; carries every problem found. */
export class InputError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = problems;
  }
}

const SEVERITY = { error: { en: 'error', zh: '错误' }, warning: { en: 'warning', zh: '警告' } } as const;

/**
 * One line per problem: `file:line:col  error  path: message (clause)`. Values the message echoes
 * from the input are shown safe and short (control characters escaped, long values cut), so that
 * a bad cell can neither forge a line nor flood the screen.
 */
export function formatProblem(p: Problem): string {
  return problemLine(p, 'en');
}

/** The same line in the reader's language: `file:line:col  错误  path：message（clause）` */
export function problemLine(p: Problem, lang: 'zh' | 'en'): string {
  const where = p.file ? `${safeText(p.file, 200)}${p.line ? `:${p.line}:${p.col ?? 1}` : ''}  ` : '';
  const zh = lang === 'zh';
  const what = p.path ? `${safeText(p.path, 200)}${zh ? '：' : ': '}` : '';
  const message = safeMessage(zh && p.zh ? p.zh : p.message);
  return `${where}${SEVERITY[p.severity][lang]}  ${what}${message}${p.clause ? (zh ? `（${p.clause.replace(/^（(.*)）$/, '$1')}）` : ` (${p.clause})`) : ''}`;
}

/** The user stopped an interactive session (Ctrl-C / Ctrl-D): exit 130, one line, nothing written. */
export class CancelledError extends Error {
  constructor(message = 'interview cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}
