import type { Command } from 'commander';
import { closest } from '../start.js';

// "Did you mean" for a mistyped option or command. Commander's own guess goes by edit distance
// alone, which misleads where words differ but mean the same (--date is two letters from --save,
// and means --as-of); so a table of the words people reach for comes first, then the nearest
// spelling within a typo's distance (the project's one `closest`, as for fields and choices).

/** Words people type for an option → the option meant (used only when the command has it). */
const OPTION_SYNONYMS: Record<string, string[]> = {
  '--as-of': ['--date', '--on', '--at', '--day', '--year', '--asof', '--as-at', '--today', '--when'],
  '--lang': ['--language', '--locale', '--lng', '--zh', '--en', '--chinese', '--english'],
  '--output': ['--out', '--file', '--to', '--write', '--output-file', '--outfile', '--dest'],
  '--format': ['--fmt', '--type', '--as', '--pdf', '--html', '--json', '--markdown', '--md', '--csv', '--xlsx'],
  '--unit': ['--units', '--currency', '--yuan', '--wan'],
  '--width': ['--columns', '--cols', '--wide'],
  '--no-color': ['--no-colour', '--nocolor', '--plain', '--monochrome'],
  '--policy': ['--rules', '--policy-file'],
  '--reading': ['--interpretation', '--read', '--readings'],
  '--save': ['--save-as', '--keep', '--answers'],
  '--debug': ['--verbose', '--trace', '--stack'],
  '--summary': ['--stats', '--totals'],
  '--report': ['--html-report', '--pdf-report'],
  '--encoding': ['--charset', '--codepage'],
  '--delimiter': ['--separator', '--sep'],
  '--headers': ['--header', '--columns-as'],
};

/** Words people type for a command → the command meant. */
const COMMAND_SYNONYMS: Record<string, string[]> = {
  estimate: ['calc', 'calculate', 'compute', 'run', 'eval', 'evaluate', 'report', 'interview', 'ask', 'quote'],
  explain: ['why', 'trace', 'detail', 'details'],
  items: ['list', 'ls', 'clauses', 'show', 'catalog', 'catalogue'],
  batch: ['bulk', 'csv', 'xlsx', 'excel', 'many', 'all'],
  template: ['init', 'new', 'example', 'skeleton', 'blank'],
  policy: ['check', 'test', 'diff', 'lint', 'validate'],
  schema: ['json-schema', 'jsonschema'],
};

function bySynonym(word: string, candidates: string[], table: Record<string, string[]>): string | undefined {
  const w = word.toLowerCase();
  for (const [meant, words] of Object.entries(table)) if (candidates.includes(meant) && words.includes(w)) return meant;
  return undefined;
}

/** The option meant by a mistyped one, among the command's own (and its parents'). */
export function nearestOption(flag: string, candidates: string[]): string | undefined {
  // --date=2020-12-31: the name is what was mistyped.
  const name = flag.split('=')[0] as string;
  const synonym = bySynonym(name, candidates, OPTION_SYNONYMS);
  if (synonym) return synonym;
  // Distance between the names, without the dashes every candidate shares.
  const hit = closest(name.replace(/^-+/, ''), candidates.map((c) => c.replace(/^-+/, '')));
  return hit === undefined ? undefined : candidates.find((c) => c.replace(/^-+/, '') === hit);
}

/** The command meant by a mistyped one. */
export function nearestCommand(word: string, candidates: string[]): string | undefined {
  const synonym = bySynonym(word, candidates, COMMAND_SYNONYMS);
  // `subsidy check` is `subsidy policy check`.
  if (synonym === 'policy' && ['check', 'test', 'diff'].includes(word.toLowerCase())) return `policy ${word.toLowerCase()}`;
  return synonym ?? closest(word, candidates);
}

type Suggesting = Command & { unknownOption(flag: string): void; unknownCommand(): void; _allowUnknownOption?: boolean; args: string[] };

/** Gives every command of the program our "did you mean" for unknown options and commands. */
export function suggestNearest(program: Command): void {
  const visit = (cmd: Command) => {
    const c = cmd as Suggesting;
    c.unknownOption = (flag: string) => {
      if (c._allowUnknownOption) return;
      const candidates: string[] = [];
      for (let at: Command | null = cmd; at; at = at.parent) {
        for (const o of at.createHelp().visibleOptions(at)) if (o.long && o.long !== '--listed-only') candidates.push(o.long);
      }
      const hit = flag.startsWith('--') ? nearestOption(flag, candidates) : undefined;
      cmd.error(`error: unknown option '${flag}'${hit ? `\n(Did you mean ${hit}?)` : ''}`, { code: 'commander.unknownOption' });
    };
    c.unknownCommand = () => {
      const word = c.args[0] ?? '';
      const hit = nearestCommand(word, cmd.commands.map((s) => s.name()).filter((n) => n !== 'help'));
      cmd.error(`error: unknown command '${word}'${hit ? `\n(Did you mean ${hit}?)` : ''}`, { code: 'commander.unknownCommand' });
    };
    for (const sub of cmd.commands) visit(sub);
  };
  visit(program);
}
