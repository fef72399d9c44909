import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The architecture of ENGINEERING.md, checked: a pure engine, a CLI that uses only what the
// library exports, and no code evaluated from data.
const SRC = new URL('../src/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^import [^;]*? from '([^']+)';/gms)].map((m) => m[1] as string);

describe('architecture', () => {
  it('the engine does no I/O: no node modules, no process, no console', () => {
    for (const file of files(join(SRC, 'engine'))) {
      const text = readFileSync(file, 'utf8');
      expect(imports(file).filter((m) => m.startsWith('node:')), file).toEqual([]);
      expect(text, file).not.toMatch(/\bprocess\.|\bconsole\./);
    }
  });

  // src/io (how files are written) is the CLI's own plumbing, not the library's core.
  it('the CLI uses the core only through the library entry point', () => {
    for (const file of files(join(SRC, 'cli'))) {
      const core = imports(file).filter((m) => m.startsWith('../') && m !== '../index.js' && !m.startsWith('../interview/') && m !== '../io/index.js');
      expect(core, file).toEqual([]);
    }
  });

  it('src/io imports only the rooms below it (values, errors)', () => {
    for (const file of files(join(SRC, 'io'))) {
      const rooms = imports(file).filter((m) => m.startsWith('../')).map((m) => m.split('/')[1]);
      expect(rooms.filter((r) => r !== 'values' && r !== 'errors'), file).toEqual([]);
    }
  });

  it('evaluates no code from policy or project files', () => {
    for (const file of files(SRC)) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/\beval\(|new Function\(|\bFunction\(/);
    }
  });
});
