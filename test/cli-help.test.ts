import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/main.js';
import { cli } from './helpers/cli.js';

// The en and zh help of every command carry the same content: the same options and arguments,
// the same examples, and in each description the same options, file types and numbers; every zh
// description is Chinese (none left in English), defaults included.

const HELP_COMMANDS = [...COMMANDS.filter((c) => c.name !== 'policy').map((c) => [c.name]), ['policy'], ['policy', 'check'], ['policy', 'test'], ['policy', 'diff'], []];

interface Help {
  entries: Map<string, string>;
  examples: string[];
  exits: string[];
}

/** Help text → each option or argument (its term) with its description, the examples, the exit codes named. */
function parse(text: string): Help {
  const entries = new Map<string, string>();
  const examples: string[] = [];
  let term: string | undefined;
  let section = '';
  for (const line of text.split('\n')) {
    if (/^\S/.test(line)) {
      section = line;
      term = undefined;
      continue;
    }
    const example = /^ {2}\$ (.*)$/.exec(line);
    if (example) {
      examples.push(example[1] as string);
      continue;
    }
    if (/^(Options|Arguments|Commands|选项|参数|命令)/.test(section)) {
      const m = /^ {2}(\S(?:.*?\S)?)(?: {2,}(.*))?$/.exec(line);
      if (m && !/^ {3,}/.test(line)) {
        term = m[1] as string;
        entries.set(term, m[2] ?? '');
      } else if (term) entries.set(term, `${entries.get(term)} ${line.trim()}`);
    }
  }
  const at = text.search(/Exit codes|退出码/);
  const exits = [...(at < 0 ? '' : text.slice(at)).matchAll(/(?:^|[；;：:，,\s])(0|1|2|130)(?![\d.,/-])/g)].map((m) => m[1] as string);
  return { entries, examples, exits: [...new Set(exits)].sort() };
}

/** What must be the same in both languages: options named, file types, numbers. */
const tokens = (s: string) => [...new Set(s.match(/--[a-z][a-z-]*|\.(?:json|md|txt|html|pdf|csv|xlsx|yaml)\b|\d+/g) ?? [])].sort();

describe('help: en and zh carry the same content', () => {
  for (const args of HELP_COMMANDS) {
    const name = args.join(' ') || 'subsidy';
    it(name, async () => {
      const en = await cli([...args, '--help', '--lang', 'en']);
      const zh = await cli([...args, '--help', '--lang', 'zh']);
      expect(en.status).toBe(0);
      expect(zh.status).toBe(0);
      const e = parse(en.stdout);
      const z = parse(zh.stdout);
      // The same terms (commander's usage words aside), in the same order.
      expect([...z.entries.keys()].map((k) => k.replace('[选项]', '[options]').replace('[命令]', '[command]'))).toEqual([...e.entries.keys()]);
      expect(z.examples).toEqual(e.examples);
      expect(z.exits).toEqual(e.exits);
      for (const [term, description] of e.entries) {
        const zhTerm = [...z.entries.keys()].find((k) => k.replace('[选项]', '[options]').replace('[命令]', '[command]') === term) as string;
        const translated = z.entries.get(zhTerm) as string;
        expect(tokens(translated), `${name} ${term}: ${description} / ${translated}`).toEqual(tokens(description));
        // Chinese, not English left over (a default's words included).
        expect(translated.replace(/`[^`]*`|\([^)]*\)|[A-Za-z0-9_./|=<>…'"-]+/g, ''), `${name} ${term}: ${translated}`).toMatch(/[\u4e00-\u9fff]/);
        expect(translated, `${name} ${term}`).not.toMatch(/default: |choices: |\bor\b|\bthe\b/);
      }
    });
  }
});

describe('help: every command shows examples, reports among them', () => {
  it('each command (and each policy subcommand) has examples', async () => {
    for (const args of HELP_COMMANDS.filter((a) => a.length && a.join(' ') !== 'policy')) {
      const r = await cli([...args, '--help', '--lang', 'en']);
      expect(parse(r.stdout).examples.length, args.join(' ')).toBeGreaterThan(0);
    }
  });

  it('estimate and explain show an html and a pdf report; batch a pdf summary', async () => {
    for (const c of ['estimate', 'explain']) {
      const examples = parse((await cli([c, '--help'])).stdout).examples;
      expect(examples.some((l) => /-o \S+\.html\b/.test(l)), c).toBe(true);
      expect(examples.some((l) => /-o \S+\.pdf\b/.test(l)), c).toBe(true);
    }
    expect(parse((await cli(['batch', '--help'])).stdout).examples.some((l) => /--report \S+\.pdf\b/.test(l))).toBe(true);
  });
});
