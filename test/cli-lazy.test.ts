import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Session } from '../src/cli/io.js';
import { buildProgram, COMMANDS, commandOf } from '../src/cli/main.js';
import { Capture, cli } from './helpers/cli.js';

// The CLI loads only the command it runs and lists the others from a table in main.ts: the
// listing must read exactly as the loaded commands would, and each command must get its own
// full definition (options, help) when it is the one run.
function session(): Session {
  return new Session({ stdin: Readable.from([]), stdout: new Capture(), stderr: new Capture(), env: { LANG: 'en_US.UTF-8', NO_COLOR: '1' }, cwd: process.cwd() });
}

describe('lazily loaded commands', () => {
  it('the listing in `subsidy --help` is the one the loaded commands give', async () => {
    const all = await buildProgram(session(), '*');
    const listed = await buildProgram(session(), undefined);
    expect(listed.helpInformation()).toBe(all.helpInformation());
    // `subsidy --help` and `--version` load no command: each is only listed.
    for (const c of listed.commands.filter((c) => c.name() !== 'help')) {
      expect(c.options.map((o) => o.long), c.name()).toEqual(COMMANDS.find((d) => d.name === c.name())?.options ? ['--listed-only'] : []);
    }
    expect(COMMANDS.map((c) => c.name)).toEqual(all.commands.map((c) => c.name()));
  });

  it('a command run is defined in full: its own help is the same as with every command loaded', async () => {
    for (const { name } of COMMANDS) {
      const all = (await buildProgram(session(), '*')).commands.find((c) => c.name() === name);
      const one = (await buildProgram(session(), name)).commands.find((c) => c.name() === name);
      expect(one?.helpInformation(), name).toBe(all?.helpInformation());
    }
  });

  it('finds the command in the arguments, after global options and for `help <command>`', () => {
    expect(commandOf(['estimate', 'examples/bank.yaml', '--lang', 'en'])).toBe('estimate');
    expect(commandOf(['--debug', 'batch', 'x.csv'])).toBe('batch');
    expect(commandOf(['help', 'explain'])).toBe('explain');
    expect(commandOf(['--version'])).toBeUndefined();
  });

  it('a mistyped command still gets commander\'s suggestion', async () => {
    const r = await cli(['estimat', 'examples/bank.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("(Did you mean estimate?)");
  });
});
