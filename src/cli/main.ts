import { Command, CommanderError } from 'commander';
import { CancelledError, formatProblem, InputError, type Problem, terminalText } from '../index.js';
import { whyNotWritten } from '../io/index.js';
import { registerBatch } from './batch.js';
import { registerEstimate } from './estimate.js';
import { registerExplain } from './explain.js';
import { type CliIo, type OutStream, Session, systemIo } from './io.js';
import { registerItems } from './items.js';
import { registerPolicy } from './policy.js';
import { registerSchema } from './schema.js';
import { registerTemplate } from './template.js';

export { type CliIo, systemIo } from './io.js';

/** Every exit code of the CLI, decided here and nowhere else. */
export const EXIT = { ok: 0, findings: 1, failure: 1, input: 2, cancelled: 130 } as const;

export function buildProgram(session: Session): Command {
  const { io } = session;
  const program = new Command('subsidy')
    .description('Estimate subsidies under a Chinese municipal industrial policy, clause by clause (柳州市战略性新兴产业政策).')
    .version('0.1.0')
    .option('--debug', 'show internal details of unexpected failures')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: session.out,
      // Commander quotes the arguments it rejects: shown safe, as every echoed value is.
      writeErr: (text) => session.err(terminalText(text)),
      getOutHelpWidth: () => helpWidth(io.stdout),
      getErrHelpWidth: () => helpWidth(io.stderr),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });
  program.addHelpText('after', EXIT_HELP.program);
  // Subcommands inherit exitOverride and the output configuration from the program.
  registerEstimate(program, session).addHelpText('after', EXIT_HELP.estimate);
  registerExplain(program, session).addHelpText('after', EXIT_HELP.estimate);
  registerItems(program, session).addHelpText('after', EXIT_HELP.simple);
  registerBatch(program, session).addHelpText('after', EXIT_HELP.batch);
  registerTemplate(program, session).addHelpText('after', EXIT_HELP.simple);
  const policy = registerPolicy(program, session);
  for (const cmd of policy.commands) cmd.addHelpText('after', EXIT_HELP[cmd.name() as 'check' | 'test' | 'diff']);
  registerSchema(program, session).addHelpText('after', EXIT_HELP.simple);
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
  const program = buildProgram(session);
  let code: number;
  try {
    await program.parseAsync(args, { from: 'user' });
    code = session.findings ? EXIT.findings : EXIT.ok;
  } catch (e) {
    code = exitCodeFor(e, session, args.includes('--debug'));
  }
  const stdout = await session.finish();
  // `subsidy … | head`: the reader has what it wanted. Not an error, and nothing to say.
  if (stdout.kind === 'closed') return EXIT.ok;
  if (stdout.kind === 'failed') {
    session.err(`subsidy: cannot write to standard output: ${whyNotWritten(stdout.error)}\n`);
    return EXIT.input;
  }
  return code;
}

function exitCodeFor(e: unknown, session: Session, debug: boolean): number {
  // An error from writing to standard output is decided by main from the stream's state.
  if (session.stdoutState.kind !== 'open' && isErrno(e)) return EXIT.ok;
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    return EXIT.input; // commander has already printed the message
  }
  if (e instanceof CancelledError) {
    session.err(`${e.message}\n`);
    return EXIT.cancelled;
  }
  if (e instanceof InputError) {
    printProblems(e.problems, session);
    return EXIT.input;
  }
  const err = e as Error;
  session.err(`subsidy: unexpected failure: ${err?.message ?? String(e)}\n`);
  if (debug && err?.stack) session.err(`${err.stack}\n`);
  else session.err('(run again with --debug for details)\n');
  return EXIT.failure;
}

/** The most problems listed at once: past that, a count (10,000 unknown columns are one mistake). */
export const MAX_PROBLEMS = 20;

function printProblems(problems: Problem[], session: Session): void {
  for (const p of problems.slice(0, MAX_PROBLEMS)) session.err(`${formatProblem(p)}\n`);
  const more = problems.length - MAX_PROBLEMS;
  if (more > 0) session.err(`and ${more} more problem${more === 1 ? '' : 's'}\n`);
}

function isErrno(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

/** What each command's exit codes mean, in its --help: only the codes that command can give. */
const EXIT_HELP = {
  program: `
Exit codes:
  0  success (also when nothing applies, and when the reader stops early, as | head does)
  1  findings: some batch rows invalid, policy check errors, policy test failures (see each command's --help);
     or an unexpected failure (a bug: please report it with --debug output)
  2  invalid input or usage (the message names the file, line, field and what was expected)
  130 the interview was cancelled (Ctrl-C or Ctrl-D)`,
  estimate: `
Exit codes: 0 success (also when nothing applies); 2 invalid input or usage (the message names the file,
line, field and what was expected), or --save cannot be written; 130 the interview was cancelled
(Ctrl-C or Ctrl-D; nothing is saved); 1 an unexpected failure (a bug: please report it with --debug output).`,
  simple: `
Exit codes: 0 success; 2 invalid usage or policy; 1 an unexpected failure (a bug: please report it with --debug output).`,
  batch: `
Exit codes: 0 every row valid; 1 some rows invalid (every row is still written, with an error cell);
2 the file itself cannot be read (missing, not CSV, wrong encoding) or an output cannot be written:
then -o, --summary and --report are left as they were (each is replaced only once all are complete).`,
  check: `
Exit codes: 0 no errors (warnings alone do not fail), 1 errors found (or warnings with --strict), 2 invalid usage.
Each problem is one line: file:line:col  error|warning  field: message (clause)`,
  test: `
Exit codes: 0 every case passed, 1 a case failed (or none matched --filter), 2 a test file or case file cannot be read,
or --update cannot write the test file (it is then left as it was).`,
  diff: `
Exit codes: 0 (informational, whatever changed), 1 something changed and --fail-on-change was given, 2 a policy cannot be read.
A batch CSV as --cases is not supported yet: give a folder of project YAML files or a policy test file.`,
} as const;
