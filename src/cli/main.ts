import { Command, CommanderError } from 'commander';
import { registerBatch } from './batch.js';
import { registerEstimate } from './estimate.js';
import { registerExplain } from './explain.js';
import { registerItems } from './items.js';
import { registerPolicy } from './policy.js';
import { registerSchema } from './schema.js';
import { registerTemplate } from './template.js';
import { CancelledError, InputError, formatProblem } from '../index.js';

export const EXIT = { ok: 0, failure: 1, input: 2, cancelled: 130 } as const;

const EXIT_HELP = `
Exit codes:
  0  success (also when nothing applies)
  1  unexpected failure (a bug: please report it with --debug output); for batch: some rows were invalid (every row is still written)
  2  invalid input or usage (the message names the file, line, field and what was expected)
  130 the interview was cancelled (Ctrl-C or Ctrl-D)`;

export function buildProgram(): Command {
  const program = new Command('subsidy')
    .description('Estimate subsidies under a Chinese municipal industrial policy, clause by clause (柳州市战略性新兴产业政策).')
    .version('0.1.0')
    .option('--debug', 'show internal details of unexpected failures')
    .addHelpText('after', EXIT_HELP)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerEstimate(program);
  registerExplain(program);
  registerItems(program);
  registerBatch(program);
  registerTemplate(program);
  registerPolicy(program);
  registerSchema(program);
  for (const cmd of program.commands) cmd.exitOverride().addHelpText('after', EXIT_HELP);
  return program;
}

/** The one place that turns errors into messages and exit codes. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    process.exitCode = exitCodeFor(e, argv.includes('--debug'));
  }
}

function exitCodeFor(e: unknown, debug: boolean): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    return EXIT.input; // commander has already printed the message
  }
  if (e instanceof CancelledError) {
    process.stderr.write(`${e.message}\n`);
    return EXIT.cancelled;
  }
  if (e instanceof InputError) {
    for (const p of e.problems) process.stderr.write(`${formatProblem(p)}\n`);
    return EXIT.input;
  }
  const err = e as Error;
  process.stderr.write(`subsidy: unexpected failure: ${err?.message ?? String(e)}\n`);
  if (debug && err?.stack) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write('(run again with --debug for details)\n');
  return EXIT.failure;
}
