import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy, projectFileReference } from '../src/index.js';
import { cli } from './helpers/cli.js';
import {
  type Action,
  type Block,
  type DocEvent,
  headingAnchors,
  outputLines,
  readDoc,
  relativeLinks,
  selectLines,
  shellWords,
} from './helpers/doc-examples.js';

// Every command that README.md and docs/*.md show is run here, and the output they show is
// compared with the real one (the conventions are described in test/helpers/doc-examples.ts).
// After a deliberate change of output, regenerate the shown outputs and review the diff:
//   npm run build && UPDATE_DOCS=1 npx vitest run test/docs.test.ts
// Each page runs in its own copy of examples/ and policies/ (a git repository, so that
// `policy diff HEAD:…` works), so that commands writing files never touch the checkout.
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const UPDATE = Boolean(process.env.UPDATE_DOCS);
const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => `docs/${f}`)];
const read = (page: string) => readFileSync(join(ROOT, page), 'utf8');
const events = new Map<string, DocEvent[]>(PAGES.map((page) => [page, readDoc(read(page), page)]));
const blocks = (page: string) => (events.get(page) ?? []).filter((e): e is Block => e.kind === 'block');

/** The commands deliberately not run, each with its reason (in the page, next to the command). */
const NOT_RUN = [
  'README.md: npm ci',
  'README.md: npx subsidy estimate examples/bank.yaml --as-of 2020-12-31',
  'README.md: npx subsidy serve',
  'README.md: subsidy estimate examples/ev-battery-renovation.yaml --as-of 2020-12-31 --lang zh --format pdf -o report.pdf',
  'docs/consultants.md: subsidy estimate --lang zh --as-of 2020-12-31 --save 大华银行.yaml',
  'docs/consultants.md: subsidy explain',
  'docs/consultants.md: subsidy estimate examples/ev-battery-renovation.yaml --as-of 2020-12-31 --lang zh --format pdf -o report.pdf',
  'docs/consultants.md: sudo apt-get install chromium fonts-noto-cjk',
  'docs/design.md: npm run build',
  'docs/design.md: npm run typecheck',
  'docs/design.md: npm run lint',
  'docs/design.md: npm test',
  'docs/design.md: UPDATE_GOLDEN=1 npx vitest run test/e2e',
  'docs/design.md: UPDATE_DOCS=1 npx vitest run test/docs.test.ts',
  'docs/design.md: UPDATE_PICTURES=1 npx vitest run test/pdf.test.ts test/web-browser.test.ts',
  'docs/design.md: npm run docs',
  'docs/design.md: npm run bench',
  'docs/workbench.md: subsidy serve',
];

function newWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'subsidy-docs-'));
  for (const d of ['examples', 'policies', 'schemas']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  // The library page imports 'subsidy-calc' as a user's project would.
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'subsidy-calc'), 'dir');
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=docs', '-c', 'user.email=docs@example.invalid', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'as shipped');
  return dir;
}

function expandGlob(ws: string, pattern: string): string[] {
  const dir = dirname(pattern);
  const re = new RegExp(`^${pattern.slice(dir.length + 1).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  const found = readdirSync(join(ws, dir)).filter((f) => re.test(f)).sort();
  return found.length > 0 ? found.map((f) => (dir === '.' ? f : `${dir}/${f}`)) : [pattern];
}

/** Runs one `$ subsidy …` line as a shell would, in the workspace; returns what the terminal shows. */
async function runCommand(ws: string, command: string): Promise<{ status: number | null; shown: string; stderr: string }> {
  const words = shellWords(command);
  const args: string[] = [];
  let stdoutFile: string | undefined;
  let stdinFile: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.text === '>' || word.text === '<') {
      const file = words[++i]?.text;
      if (!file) throw new Error(`"${word.text}" without a file in: ${command}`);
      if (word.text === '>') stdoutFile = file;
      else stdinFile = file;
    } else if (word.glob) args.push(...expandGlob(ws, word.text));
    else args.push(word.text);
  }
  if (args.shift() !== 'subsidy') {
    throw new Error(`only "subsidy …" commands can be run here; mark the block <!-- not-run: REASON --> if it cannot be: ${command}`);
  }
  const input = stdinFile ? readFileSync(join(ws, stdinFile), 'utf8') : '';
  const r = await cli(args, { cwd: ws, input });
  if (stdoutFile) {
    writeFileSync(join(ws, stdoutFile), r.stdout);
    return { status: r.status, shown: r.stderr, stderr: r.stderr };
  }
  return { status: r.status, shown: r.stdout + r.stderr, stderr: r.stderr };
}

function applyAction(ws: string, action: Action): string {
  if (action.kind === 'fresh') {
    rmSync(ws, { recursive: true, force: true });
    return newWorkspace();
  }
  const file = join(ws, action.file);
  const text = readFileSync(file, 'utf8');
  const count = text.split(action.from).length - 1;
  if (count !== 1) throw new Error(`edit: "${action.from}" occurs ${count} times in ${action.file}, expected once`);
  writeFileSync(file, text.replace(action.from, action.to));
  return ws;
}

interface Replacement {
  start: number;
  end: number;
  lines: string[];
}

const runs = (page: string) => blocks(page).some((b) => b.commands.length > 0 || b.directives.file || b.directives.run);

for (const page of PAGES.filter(runs)) {
  describe(page, () => {
    let ws = '';
    const replacements: Replacement[] = [];
    beforeAll(() => {
      ws = newWorkspace();
    });
    afterAll(() => {
      rmSync(ws, { recursive: true, force: true });
      if (!UPDATE || replacements.length === 0) return;
      const lines = read(page).split('\n');
      for (const r of replacements.sort((a, b) => b.start - a.start)) lines.splice(r.start, r.end - r.start, ...r.lines);
      writeFileSync(join(ROOT, page), lines.join('\n'));
    });

    let actions: Action[] = [];
    const takeActions = () => {
      const mine = actions;
      actions = [];
      return () => {
        for (const a of mine) ws = applyAction(ws, a);
      };
    };

    for (const event of events.get(page) ?? []) {
      if (event.kind !== 'block') {
        actions.push(event);
        continue;
      }
      const block = event;
      const where = `${page}:${block.line + 1}`;
      if (block.directives.notRun) {
        for (const c of block.commands) it.skip(`${where} $ ${c.text} — not run: ${block.directives.notRun}`, () => {});
        continue;
      }
      if (block.directives.file) {
        const file = block.directives.file;
        const prepare = takeActions();
        it(`${where} saves ${file}`, () => {
          prepare();
          writeFileSync(join(ws, file), `${block.body.join('\n')}\n`);
        });
        continue;
      }
      if (block.directives.run === 'node') {
        const prepare = takeActions();
        it(`${where} runs the script with node`, () => {
          prepare();
          writeFileSync(join(ws, 'example.mjs'), `${block.body.join('\n')}\n`);
          const printed = outputLines(execFileSync(process.execPath, ['example.mjs'], { cwd: ws, encoding: 'utf8' }));
          const expecting = block.body.flatMap((l, k) => (/\/\/ → /.test(l) ? [k] : []));
          expect(printed.length, 'one printed line per "// →" comment').toBe(expecting.length);
          expecting.forEach((k, n) => {
            const line = block.body[k]!;
            const updated = line.replace(/\/\/ → .*$/, `// → ${printed[n]}`);
            if (UPDATE) replacements.push({ start: block.bodyStart + k, end: block.bodyStart + k + 1, lines: [updated] });
            else expect(line).toBe(updated);
          });
        });
        continue;
      }
      if (block.directives.run) throw new Error(`${where}: unknown run: ${block.directives.run}`);
      for (const command of block.commands) {
        const prepare = takeActions();
        it(`${page}:${command.line + 1} $ ${command.text}`, async () => {
          prepare();
          const r = await runCommand(ws, command.text);
          const shown = selectLines(outputLines(r.shown), block.directives.output);
          if (UPDATE) replacements.push({ start: command.outputStart, end: command.outputEnd, lines: shown });
          else expect(command.shown.join('\n')).toBe(shown.join('\n'));
          expect(r.status, r.stderr).toBe(Number(block.directives.exit ?? 0));
        });
      }
    }
  });
}

describe('the pages, as a whole', () => {
  it('list every command not run, each with its reason', () => {
    const notRun = PAGES.flatMap((page) =>
      blocks(page)
        .filter((b) => b.directives.notRun)
        .flatMap((b) => b.commands.map((c) => `${page}: ${c.text.replace(/\s+#.*$/, '').trim()}`)),
    );
    expect(notRun).toEqual(NOT_RUN);
  });

  it('show every runnable command in a shell block, so that none escapes this test', () => {
    for (const page of PAGES) {
      for (const b of blocks(page)) {
        // A usage synopsis (`subsidy batch <file> [--format …]`) may sit in a text block; a command may not.
        const looksLikeCommands = b.body.some((l) => /^\s*(\$ )?(subsidy|npx|npm|node) /.test(l) && !/[<[]/.test(l));
        if (looksLikeCommands && !b.directives.file && !['yaml', 'yml'].includes(b.lang)) {
          expect(b.commands.length, `${page}:${b.line + 1} (${b.lang || 'no language'}) looks like commands: use a console block with "$ "`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('use one form of the command: `subsidy` (never node bin/subsidy.js; npx subsidy only where the README installs)', () => {
    for (const page of PAGES) {
      const text = page === 'README.md' ? read(page).replace(/^## Install\n[\s\S]*?(?=^## )/m, '') : read(page);
      expect(text, page).not.toMatch(/npx subsidy|node bin\/subsidy\.js/);
    }
  });

  it('name only commands that exist, wherever they mention one in `subsidy …`', async () => {
    const commandsOf = async (args: string[]) => {
      const help = (await cli([...args, '--help'])).stdout;
      const section = help.slice(help.indexOf('Commands:'));
      return new Set([...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1] as string));
    };
    const top = await commandsOf([]);
    const policy = await commandsOf(['policy']);
    for (const page of PAGES) {
      for (const m of read(page).matchAll(/`subsidy ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?/g)) {
        expect(top, `${page}: subsidy ${m[1]}`).toContain(m[1]);
        if (m[1] === 'policy' && m[2]) expect(policy, `${page}: subsidy policy ${m[2]}`).toContain(m[2]);
      }
    }
  });

  it('link only to files and headings that exist', () => {
    for (const page of PAGES) {
      for (const { line, target } of relativeLinks(read(page))) {
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const file = path === '' ? join(ROOT, page) : normalize(join(ROOT, dirname(page), decodeURI(path)));
        expect(existsSync(file) && relative(ROOT, file).startsWith('..') === false, `${page}:${line} → ${target}`).toBe(true);
        if (anchor && file.endsWith('.md')) expect(headingAnchors(readFileSync(file, 'utf8')), `${page}:${line} → ${target}`).toContain(decodeURI(anchor));
      }
    }
  });

  it('docs/project-file.md has the reference generated from the policy facts (regenerate: npm run docs)', () => {
    const text = read('docs/project-file.md');
    const start = text.indexOf('<!-- reference:start -->');
    const end = text.indexOf('<!-- reference:end -->');
    expect(start).toBeGreaterThan(0);
    expect(text.slice(start + '<!-- reference:start -->'.length, end).trim()).toBe(projectFileReference(loadPolicy()).trim());
  });
});
