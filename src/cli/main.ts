import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
// Straight from its file: the io index also holds the bounded reader, which start-up does not need.
import { whyNotWritten } from '../io/target.js';
import { CancelledError, InputError, type Lang, type Problem, problemLine, terminalText, wrapLines, wrapParagraph } from '../start.js';
import { localiseHelp, usageError } from './help.js';
import { type CliIo, type OutStream, Session, systemIo } from './io.js';
import { suggestNearest } from './suggest.js';
import { langOfArgs } from './terminal.js';

export { type CliIo, systemIo } from './io.js';

/** Every exit code of the CLI, decided here and nowhere else. */
export const EXIT = { ok: 0, findings: 1, failure: 1, input: 2, cancelled: 130 } as const;

/** The version of the package this CLI is (package.json beside src/ and dist/). */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;


type Register = (program: Command, session: Session) => Command;

/**
 * The commands. Only the one being run is loaded (its module, and the libraries it needs: the
 * prompt library, the CSV reader, the schema checker …); the others are listed by name, arguments
 * and description, which is all `subsidy --help` shows of them. A test checks that the listing
 * is the same as the loaded commands give.
 */
export const COMMANDS: { name: string; usage: string[]; options: boolean; description: string; exitHelp: keyof typeof EXIT_HELP; load: () => Promise<Register> }[] = [
  {
    name: 'estimate', exitHelp: 'estimate', usage: ['[file]'], options: true,
    description: 'estimate what an applicant can receive, item by item: from a project file, or by interview',
    load: async () => (await import('./estimate.js')).registerEstimate,
  },
  {
    name: 'explain', exitHelp: 'estimate', usage: ['[file]'], options: true,
    description: 'explain each item: every condition with the value given, the computation step by step, and what would change it',
    load: async () => (await import('./explain.js')).registerExplain,
  },
  {
    name: 'items', exitHelp: 'simple', usage: [], options: true,
    description: "list the policy's items: clause, title, applicant, award and cap (a cheat sheet)",
    load: async () => (await import('./items.js')).registerItems,
  },
  {
    name: 'batch', exitHelp: 'batch', usage: ['<files...>'], options: true,
    description: 'estimate every row of a CSV or Excel list of projects (one row per project), or several project YAML files',
    load: async () => (await import('./batch.js')).registerBatch,
  },
  {
    name: 'template', exitHelp: 'simple', usage: ['<kind>'], options: true,
    description: 'print a starting file for the policy: a CSV header row with one example row, an Excel workbook with drop-down lists, or a commented project YAML',
    load: async () => (await import('./template.js')).registerTemplate,
  },
  {
    // Its subcommands (check, test, diff) carry their own exit codes.
    name: 'policy', exitHelp: 'program', usage: [], options: false,
    description: 'check, test and compare policy files (for policy maintainers and CI)',
    load: async () => (await import('./policy.js')).registerPolicy,
  },
  {
    name: 'serve', exitHelp: 'serve', usage: [], options: true,
    description: 'open the workbench: a page on this machine where the case is filled in and the estimate changes as you type',
    load: async () => (await import('./serve.js')).registerServe,
  },
  {
    name: 'schema', exitHelp: 'simple', usage: ['<kind>'], options: true,
    description: "print the JSON Schema of a policy file, a project file (from the policy's facts) or a policy test file, for editors",
    load: async () => (await import('./schema.js')).registerSchema,
  },
];

/** The command the arguments run (`subsidy help estimate` is estimate's), or undefined for the program's own help or version. */
export function commandOf(args: string[]): string | undefined {
  const words = splitLang(args).rest.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * The arguments apart from --lang X / --lang=X (the language is read before commander parses).
 * A command's name after a bare --lang is the command, not the language: `subsidy --lang
 * estimate x.yaml` lacks the value, and says so, rather than running a command "x.yaml".
 */
function splitLang(args: string[]): { rest: string[]; langs: string[] } {
  const rest: string[] = [];
  const langs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--lang') {
      langs.push(a);
      const value = args[i + 1];
      if (value !== undefined && value !== 'help' && !COMMANDS.some((c) => c.name === value)) {
        langs.push(value);
        i++;
      }
    } else if (a.startsWith('--lang=')) langs.push(a);
    else rest.push(a);
  }
  return { rest, langs };
}

/**
 * --lang anywhere, as every command takes it: `subsidy --lang zh items` and `subsidy help
 * estimate --lang zh` as well as `subsidy items --lang zh`. It is moved after the command (its
 * own option there), and left out for help, whose language main has already read.
 */
export function placeLang(args: string[]): string[] {
  const { rest, langs } = splitLang(args);
  if (langs.length === 0) return args;
  const command = commandOf(args);
  if (command === undefined || rest.filter((a) => !a.startsWith('-'))[0] === 'help') return rest;
  return [...rest, ...langs];
}

/**
 * `subsidy help estimat`: commander would print the program's help and exit 0, as if the word were
 * fine. Read as the mistyped command itself, it gets the "did you mean" and exit 2.
 */
function helpOfUnknown(args: string[]): string[] {
  const words = args.filter((a) => !a.startsWith('-'));
  if (words[0] !== 'help' || words[1] === undefined || COMMANDS.some((c) => c.name === words[1])) return args;
  return [words[1]];
}

/**
 * The program with the command `load` names fully defined (all of them with '*'), the others
 * listed; with no command (the program's own help or version) none is loaded.
 */
export async function buildProgram(session: Session, load: string | undefined, lang: Lang = 'en'): Promise<Command> {
  const { io } = session;
  const width = helpWidth(io.stdout);
  // Wrapped to the help's width; a numbered line hangs under its text.
  const exits = (key: keyof typeof EXIT_HELP) =>
    `\n${EXIT_HELP[key][lang]
      .split('\n')
      .flatMap((line) => {
        const item = /^( {2}\d+ +)(.*)$/.exec(line);
        return item ? wrapParagraph(item[2] as string, width, item[1]) : wrapLines(line, width);
      })
      .join('\n')}`;
  const program = new Command('subsidy')
    .description('Estimate subsidies under a Chinese municipal industrial policy, clause by clause (柳州市战略性新兴产业政策).')
    .version(VERSION)
    .option('--debug', 'show internal details of unexpected failures')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: session.out,
      // Commander quotes the arguments it rejects: shown safe, as every echoed value is.
      writeErr: (text) => session.err(terminalText(usageError(text, lang))),
      getOutHelpWidth: () => helpWidth(io.stdout),
      getErrHelpWidth: () => helpWidth(io.stderr),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });
  program.addHelpText('after', exits('program'));
  // Subcommands inherit exitOverride and the output configuration from the program.
  for (const c of COMMANDS) {
    if (load !== '*' && load !== c.name) {
      const listed = program.command(c.name).description(c.description);
      for (const a of c.usage) listed.argument(a);
      // Never run: only so that the listing says "[options]" as the loaded command does.
      if (c.options) listed.option('--listed-only');
      continue;
    }
    const cmd = (await c.load())(program, session);
    if (c.name === 'policy') for (const sub of cmd.commands) sub.addHelpText('after', exits(sub.name() as 'check' | 'test' | 'diff'));
    else cmd.addHelpText('after', exits(c.exitHelp));
  }
  localiseHelp(program, lang);
  suggestNearest(program);
  return program;
}

/** Help fits a terminal's width; anything else gets commander's 80 columns. */
function helpWidth(stream: OutStream): number {
  return stream.isTTY && stream.columns ? stream.columns : 80;
}

/**
 * Runs the CLI on the arguments after the program name and returns the exit code. The one place
 * that turns errors into messages and exit codes; nothing below it prints an error or exits.
 */
export async function main(args: string[], io: CliIo = systemIo()): Promise<number> {
  const session = new Session(io);
  // The language of help and of every message, known before commander parses anything.
  const lang = langOfArgs(args, io.env);
  const program = await buildProgram(session, commandOf(args), lang);
  let code: number;
  try {
    await program.parseAsync(helpOfUnknown(placeLang(args)), { from: 'user' });
    code = session.findings ? EXIT.findings : EXIT.ok;
  } catch (e) {
    code = exitCodeFor(e, session, args.includes('--debug'), lang);
  }
  const stdout = await session.finish();
  // `subsidy … | head`: the reader has what it wanted. Not an error, and nothing to say; but a
  // file that could not be written beside it (batch --summary) still is.
  if (stdout.kind === 'closed') return code === EXIT.findings ? EXIT.ok : code;
  if (stdout.kind === 'failed') {
    session.err(lang === 'zh' ? `subsidy：无法写入标准输出：${whyNotWritten(stdout.error, 'zh')}\n` : `subsidy: cannot write to standard output: ${whyNotWritten(stdout.error)}\n`);
    return EXIT.input;
  }
  return code;
}

function exitCodeFor(e: unknown, session: Session, debug: boolean, lang: Lang): number {
  // An error from writing to standard output is decided by main from the stream's state.
  if (session.stdoutState.kind !== 'open' && isErrno(e)) return EXIT.ok;
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    return EXIT.input; // commander has already printed the message
  }
  if (e instanceof CancelledError) {
    session.err(lang === 'zh' && e.message === 'interview cancelled' ? '问答已取消\n' : `${e.message}\n`);
    return EXIT.cancelled;
  }
  if (e instanceof InputError) {
    printProblems(e.problems, session, lang);
    return EXIT.input;
  }
  const err = e as Error;
  session.err(lang === 'zh' ? `subsidy：意外错误：${err?.message ?? String(e)}\n` : `subsidy: unexpected failure: ${err?.message ?? String(e)}\n`);
  if (debug && err?.stack) session.err(`${err.stack}\n`);
  else session.err(lang === 'zh' ? '（加 --debug 重新运行可查看详情）\n' : '(run again with --debug for details)\n');
  return EXIT.failure;
}

/** The most problems listed at once: past that, a count (10,000 unknown columns are one mistake). */
export const MAX_PROBLEMS = 20;

function printProblems(problems: Problem[], session: Session, lang: Lang): void {
  for (const p of problems.slice(0, MAX_PROBLEMS)) session.err(`${problemLine(p, lang)}\n`);
  const more = problems.length - MAX_PROBLEMS;
  if (more > 0) session.err(lang === 'zh' ? `另有 ${more} 个问题\n` : `and ${more} more problem${more === 1 ? '' : 's'}\n`);
}

function isErrno(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

/** What each command's exit codes mean, in its --help: only the codes that command can give. */
const EXIT_HELP = {
  program: {
    en: `Exit codes:
  0  success (also when nothing applies, and when the reader stops early, as | head does)
  1  findings: some batch rows invalid, policy check errors, policy test failures (see each command's --help); or an unexpected failure (a bug: please report it with --debug output)
  2  invalid input or usage (the message names the file, line, field and what was expected)
  130 the interview was cancelled (Ctrl-C or Ctrl-D)`,
    zh: `退出码：
  0  成功（没有适用条款、或读取方提前结束如 | head 时也是 0）
  1  有发现：批量中有无效行、政策检查有错误、政策测试失败（见各命令的 --help）；或意外错误（程序缺陷：请附 --debug 输出报告）
  2  输入或用法有误（消息会指出文件、行、字段和应填写的内容）
  130 问答被取消（Ctrl-C 或 Ctrl-D）`,
  },
  estimate: {
    en: 'Exit codes: 0 success (also when nothing applies); 2 invalid input or usage (the message names the file, line, field and what was expected), or an output cannot be written; 130 the interview was cancelled (Ctrl-C or Ctrl-D; the answers so far are saved only if you choose to keep them); 1 an unexpected failure (a bug: please report it with --debug output).',
    zh: '退出码：0 成功（没有适用条款时也是 0）；2 输入或用法有误（消息会指出文件、行、字段和应填写的内容），或输出文件无法写入；130 问答被取消（Ctrl-C 或 Ctrl-D；已答内容只在选择保留时保存）；1 意外错误（程序缺陷：请附 --debug 输出报告）。',
  },
  serve: {
    en: 'Exit codes: 0 stopped with Ctrl-C or a kill; 2 the port is in use or cannot be listened on, or invalid usage; 1 an unexpected failure (a bug: please report it with --debug output).',
    zh: '退出码：0 用 Ctrl-C 或 kill 停止；2 端口被占用或无法监听，或用法有误；1 意外错误（程序缺陷：请附 --debug 输出报告）。',
  },
  simple: {
    en: 'Exit codes: 0 success; 2 invalid usage or policy; 1 an unexpected failure (a bug: please report it with --debug output).',
    zh: '退出码：0 成功；2 用法或政策文件有误；1 意外错误（程序缺陷：请附 --debug 输出报告）。',
  },
  batch: {
    en: 'Exit codes: 0 every row valid; 1 some rows invalid (every row is still written, with an error cell); 2 the file itself cannot be read (missing, not CSV, wrong encoding) or an output cannot be written: then -o, --summary and --report are left as they were (each is replaced only once all are complete).',
    zh: '退出码：0 全部行有效；1 有无效行（每一行仍会写出，错误写在“错误”列）；2 文件本身无法读取（不存在、不是 CSV、编码不对）或输出无法写入：此时 -o、--summary 和 --report 均保持原样（全部完成后才一起替换）。',
  },
  check: {
    en: 'Exit codes: 0 no errors (warnings alone do not fail), 1 errors found (or warnings with --strict), 2 invalid usage. Each problem is one line: file:line:col  error|warning  field: message (clause)',
    zh: '退出码：0 没有错误（只有警告不算失败），1 有错误（--strict 时警告也算），2 用法有误。每个问题一行：文件:行:列  错误|警告  字段：说明（条款）',
  },
  test: {
    en: 'Exit codes: 0 every case passed, 1 a case failed (or none matched --filter), 2 a test file or case file cannot be read, or --update cannot write the test file (it is then left as it was).',
    zh: '退出码：0 全部用例通过，1 有用例失败（或没有用例匹配 --filter），2 测试文件或案例文件无法读取，或 --update 无法写入测试文件（此时保持原样）。',
  },
  diff: {
    en: 'Exit codes: 0 (informational, whatever changed), 1 something changed and --fail-on-change was given, 2 a policy cannot be read. A batch CSV as --cases is not supported yet: give a folder of project YAML files or a policy test file.',
    zh: '退出码：0（仅供参考，无论是否有变化），1 有变化且给了 --fail-on-change，2 政策文件无法读取。--cases 暂不支持批量 CSV：请给项目 YAML 文件夹或政策测试文件。',
  },
} as const;
