import { describe, expect, it } from 'vitest';
import { nearestCommand, nearestOption } from '../src/cli/suggest.js';
import { cli } from './helpers/cli.js';

// "Did you mean" for options and commands: by the words people use (--date means --as-of, though
// it is two letters from --save), then by spelling.

describe('did you mean: options', () => {
  it('--date → --as-of, not --save', async () => {
    const r = await cli(['estimate', 'examples/bank.yaml', '--date', '2020-12-31']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error: unknown option '--date'\n(Did you mean --as-of?)\n(run with --help for usage)\n");
  });

  it('--language → --lang, in Chinese when the run is', async () => {
    expect((await cli(['items', '--language', 'zh'])).stderr).toBe("error: unknown option '--language'\n(Did you mean --lang?)\n(run with --help for usage)\n");
    expect((await cli(['items', '--language', 'zh', '--lang', 'zh'])).stderr).toBe("错误：未知选项 '--language'\n（是否想用 --lang？）\n（用 --help 查看用法）\n");
  });

  it('a typo → the nearest option of that command; --date=… is read by its name', async () => {
    expect((await cli(['batch', 'x.csv', '--summry', 's.json'])).stderr).toContain('(Did you mean --summary?)');
    expect((await cli(['explain', 'examples/bank.yaml', '--date=2020-12-31'])).stderr).toContain('(Did you mean --as-of?)');
    expect((await cli(['policy', 'check', '--strikt'])).stderr).toContain('(Did you mean --strict?)');
  });

  it('a synonym is offered only when the command has the option', () => {
    expect(nearestOption('--date', ['--as-of', '--save'])).toBe('--as-of');
    expect(nearestOption('--date', ['--save', '--format'])).toBeUndefined();
    expect(nearestOption('--colour', ['--no-color'])).toBeUndefined();
    expect(nearestOption('--no-colour', ['--no-color', '--lang'])).toBe('--no-color');
  });

  it('nothing near, nothing offered', async () => {
    expect((await cli(['items', '--zzzzzz'])).stderr).toBe("error: unknown option '--zzzzzz'\n(run with --help for usage)\n");
  });
});

describe('did you mean: commands', () => {
  it('a mistyped command → the nearest', async () => {
    const r = await cli(['estimte', 'examples/bank.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error: unknown command 'estimte'\n(Did you mean estimate?)\n(run with --help for usage)\n");
    expect((await cli(['policy', 'chek'])).stderr).toContain('(Did you mean check?)');
  });

  it('help with a mistyped command: the same "did you mean" and exit 2, not the program\'s help and exit 0', async () => {
    const r = await cli(['help', 'estimat']);
    expect(r.stderr).toBe("error: unknown command 'estimat'\n(Did you mean estimate?)\n(run with --help for usage)\n");
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
    expect((await cli(['help', 'calc', '--lang', 'zh'])).stderr).toBe("错误：未知命令 'calc'\n（是否想用 estimate？）\n（用 --help 查看用法）\n");
    expect((await cli(['help', 'estimate'])).status).toBe(0);
  });

  it('words people use for a command', () => {
    const all = ['estimate', 'explain', 'items', 'batch', 'template', 'policy', 'schema'];
    expect(nearestCommand('calc', all)).toBe('estimate');
    expect(nearestCommand('list', all)).toBe('items');
    expect(nearestCommand('check', all)).toBe('policy check');
    expect(nearestCommand('temlpate', all)).toBe('template');
    expect(nearestCommand('zzz', all)).toBeUndefined();
  });
});
