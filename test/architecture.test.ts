import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The architecture of ENGINEERING.md, checked: rooms whose imports only go down, a pure engine,
// a CLI that uses only what the library exports, files of one job, and no code evaluated from data.
const SRC = new URL('../src/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every module a file names: static imports, re-exports and dynamic import('…'). */
const imports = (file: string) => {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^(?:import|export) [^;]*? from '([^']+)';/gms),
    ...text.matchAll(/^import '([^']+)';/gm),
    ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
  ];
  return specs.map((m) => m[1] as string);
};

// The rooms, bottom up, and the rooms each may import (its own files always). A room not in this
// table fails the test: a new folder under src/ must say where it sits.
const ROOMS: Record<string, readonly string[]> = {
  values: [],
  errors: ['values'],
  // io is the one way files are read (bounded): below the rooms that read policies and cases.
  policy: ['values', 'errors', 'io'],
  case: ['policy', 'values', 'errors', 'io'],
  engine: ['policy', 'case', 'values', 'errors'],
  report: ['engine', 'policy', 'case', 'values', 'errors'],
  authoring: ['report', 'engine', 'policy', 'case', 'values', 'errors', 'io'],
  // CSV and xlsx as file formats (bytes → cells, cells → bytes): they know nothing of what a row means.
  sheets: ['values', 'errors'],
  batch: ['authoring', 'report', 'engine', 'policy', 'case', 'values', 'errors', 'io', 'sheets'],
  // What can still change the result: the next facts to ask, for the interview and the web form alike.
  questions: ['engine', 'policy', 'case', 'values', 'errors'],
  interview: ['questions', 'authoring', 'report', 'engine', 'policy', 'case', 'values', 'errors', 'io'],
  io: ['values', 'errors'],
  // The CLI reaches the core only through the entry points: the library (src/index.ts), what
  // every invocation needs before its command is known (src/start.ts) and what a quick estimate
  // needs (src/estimate.ts). Narrow entries keep each bundled command from loading all the rest.
  cli: ['index', 'start', 'estimate', 'interview', 'io', 'web'],
  // The web workbench, the second front door: the library (src/index.ts) for the core, plus what the
  // library does not offer a program: the questions room (what still matters, raw answers) and the
  // report's view models and HTML template, which the page renders as fragments. Never the CLI.
  web: ['index', 'questions', 'report'],
  // src/index.ts, the library: everything but the CLI.
  index: ['values', 'errors', 'policy', 'case', 'engine', 'report', 'authoring', 'questions', 'sheets', 'batch', 'interview', 'io'],
  // src/start.ts: errors and text helpers only, nothing that loads a parser or a schema library.
  start: ['values', 'errors', 'report'],
  // src/estimate.ts: what estimating from a compiled policy needs, not the batch or authoring code.
  estimate: ['values', 'errors', 'policy', 'case', 'engine', 'report', 'io'],
};

// Packages the lower rooms may use; the rooms above them are free to use any dependency.
const PACKAGES: Record<string, readonly string[]> = {
  values: ['decimal.js'],
  errors: ['yaml', 'zod'],
  policy: ['node:crypto', 'node:fs', 'node:path', 'node:url', 'yaml', 'zod'],
  engine: [],
};

/** The room of a file under src/: its first folder, or "index" for src/index.ts. */
function roomOf(file: string): string {
  const rel = relative(SRC, file).split(/[\\/]/);
  return rel.length === 1 ? (rel[0] ?? '').replace(/\.ts$/, '') : (rel[0] as string);
}

const show = (file: string) => relative(join(SRC, '..'), file);

/** What is wrong with one file's imports, one sentence per import against the rules above. */
function layeringViolations(file: string, specs: readonly string[]): string[] {
  const room = roomOf(file);
  const allowed = ROOMS[room] ?? [];
  const wrong: string[] = [];
  for (const spec of specs) {
    if (!spec.startsWith('.')) {
      if (room in PACKAGES && !PACKAGES[room]?.includes(spec)) {
        wrong.push(`${show(file)} imports package ${spec}: room "${room}" may use only ${PACKAGES[room]?.join(', ') || 'no package'}`);
      }
      continue;
    }
    const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
    if (!target.startsWith(SRC)) wrong.push(`${show(file)} imports ${spec}, outside src/`);
    else if (!existsSync(target)) wrong.push(`${show(file)} imports ${spec}, which does not exist`);
    else {
      const to = roomOf(target);
      if (to !== room && !allowed.includes(to)) {
        wrong.push(`${show(file)} imports ${show(target)}: room "${room}" may import only ${allowed.join(', ') || 'nothing'}, not "${to}"`);
      }
    }
  }
  return wrong;
}

describe('architecture', () => {
  it('every folder under src/ is a room in the layering table', () => {
    const rooms = readdirSync(SRC).map((f) => (statSync(join(SRC, f)).isDirectory() ? f : f.replace(/\.ts$/, '')));
    expect(rooms.filter((r) => !(r in ROOMS))).toEqual([]);
  });

  it('imports only go down: each room imports only the rooms its rule allows', () => {
    expect(files(SRC).flatMap((file) => layeringViolations(file, imports(file)))).toEqual([]);
  });

  it('the layering check names the file, the room it reaches and the rule it breaks', () => {
    // The check itself can fail: the imports policy/ had before the authoring room existed.
    expect(layeringViolations(join(SRC, 'policy/check.ts'), ['../engine/evaluate.js', '../report/i18n.js', 'commander'])).toEqual([
      'src/policy/check.ts imports src/engine/evaluate.ts: room "policy" may import only values, errors, io, not "engine"',
      'src/policy/check.ts imports src/report/i18n.ts: room "policy" may import only values, errors, io, not "report"',
      'src/policy/check.ts imports package commander: room "policy" may use only node:crypto, node:fs, node:path, node:url, yaml, zod',
    ]);
    expect(layeringViolations(join(SRC, 'batch/run.ts'), ['../interview/run.js'])).toHaveLength(1);
    expect(layeringViolations(join(SRC, 'cli/estimate.ts'), ['../engine/evaluate.js'])).toHaveLength(1);
    expect(layeringViolations(join(SRC, 'index.ts'), ['./cli/main.js'])).toHaveLength(1);
    expect(layeringViolations(join(SRC, 'report/view.ts'), ['../engine/result.js', './i18n.js'])).toEqual([]);
  });

  it('no file under src/ is over 400 lines: a longer file does several jobs and is split along them', () => {
    // Allowed exceptions, each with why it is one job (none today). Keep this list short.
    const EXCEPTIONS: Record<string, string> = {};
    const long = files(SRC)
      .map((file) => ({ file: show(file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ file, lines }) => lines > 400 && !(file in EXCEPTIONS))
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it('the engine does no I/O: no node modules, no process, no console', () => {
    for (const file of files(join(SRC, 'engine'))) {
      const text = readFileSync(file, 'utf8');
      expect(imports(file).filter((m) => m.startsWith('node:')), file).toEqual([]);
      expect(text, file).not.toMatch(/\bprocess\.|\bconsole\./);
    }
  });

  it('the CLI uses the core only through the entry points (src/index.ts, src/start.ts, src/estimate.ts)', () => {
    for (const file of files(join(SRC, 'cli'))) {
      const core = imports(file).filter(
        (m) => m.startsWith('../') && m !== '../index.js' && m !== '../start.js' && m !== '../estimate.js' && !m.startsWith('../interview/') && !m.startsWith('../io/') && !m.startsWith('../web/'),
      );
      expect(core, file).toEqual([]);
    }
  });

  it('evaluates no code from policy or project files', () => {
    for (const file of files(SRC)) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/\beval\(|new Function\(|\bFunction\(/);
    }
  });
});
