import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, spawnCli } from '../helpers/cli.js';

// The few things only a real process shows: the bin and its shebang, standard input, exit
// codes as the shell sees them, no colour in a pipe, a reader that goes away. Everything else is
// tested in-process through main(args, io). These run dist/: `npm test` builds first.

const ENV = { PATH: process.env.PATH ?? '', LANG: 'C' };

/** Runs the bin with a standard output whose reader has gone before the first byte is written. */
function withClosedStdout(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('the real bin', () => {
  it('runs through its shebang and prints the version', () => {
    const r = spawnSync(BIN, ['--version'], { cwd: ROOT, env: ENV, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('0.1.0\n');
    expect(r.status).toBe(0);
  });

  it('reads the project from standard input with -', () => {
    const r = spawnCli(['estimate', '-', '--format', 'json', '--as-of', '2020-12-31'], { input: readFileSync(`${ROOT}examples/park.yaml`, 'utf8') });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).total).toEqual({ low: '1000000.00', high: '1000000.00' });
  });

  it('gives the shell exit 2 for bad input, 1 for a batch with a bad row', () => {
    const bad = spawnCli(['estimate', 'test/fixtures/bad/bad-money.yaml']);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.startsWith('test/fixtures/bad/bad-money.yaml:7:33  error  ')).toBe(true);
    expect(spawnCli(['batch', 'test/fixtures/batch/bad-amount.csv', '--as-of', '2020-12-31']).status).toBe(1);
  });

  it('prints no colour into a pipe, even without NO_COLOR', () => {
    const r = spawnCli(['estimate', 'examples/park.yaml', '--as-of', '2020-12-31'], { env: { NO_COLOR: '' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Total');
    expect(r.stdout).not.toContain('\u001b[');
  });
});

describe('a reader that goes away (| head) ends the run quietly with exit 0', () => {
  for (const args of [['--help'], ['estimate', 'examples/bank.yaml', '-f', 'json']]) {
    it(`subsidy ${args.join(' ')}`, async () => {
      const r = await withClosedStdout(args);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  }

  it('subsidy --help | head -1, in a real shell', () => {
    // The exit status goes to stderr, past head.
    const r = spawnSync('sh', ['-c', `("${process.execPath}" "${BIN}" --help; echo "exit $?" >&2) | head -1`], { cwd: ROOT, env: ENV, encoding: 'utf8' });
    expect(r.stdout).toBe('Usage: subsidy [options] [command]\n');
    expect(r.stderr).toBe('exit 0\n');
  });
});
