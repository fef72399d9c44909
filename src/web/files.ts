import { Document } from 'yaml';
import { type Lang, type Policy, parseCase, parseYaml, problemLine, YAML_LIMITS } from '../index.js';
import { emptyState, rawFromFile, type WorkState } from './state.js';

// The case to and from a project file: opened into the form (every value as written in the file,
// so 3500万 stays 3500万), and saved as a file `subsidy estimate` reads with the same figures.

export interface Opened {
  state: WorkState;
  /** One line per problem, in the page's language (a value that cannot be read is also shown beside its field). */
  problems: string[];
}

export function openProjectFile(policy: Policy, text: string, name: string, lang: Lang, asOf?: string): Opened {
  const parsed = parseYaml(text, name, YAML_LIMITS.project);
  const state = emptyState(lang, asOf);
  if (parsed.problems.length || parsed.data === null || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
    const problems = parsed.problems.length
      ? parsed.problems.map((p) => problemLine(p, lang))
      : [lang === 'zh' ? `${name}：不是项目文件（应为“名称: 值”的键值映射）` : `${name}: not a project file (expected a mapping of names to values)`];
    return { state, problems };
  }
  const data = parsed.data as Record<string, unknown>;
  for (const fact of policy.facts.values()) {
    const raw = rawFromFile(fact, data[fact.name]);
    if (raw !== undefined) state.answers.facts[fact.name] = raw;
  }
  for (const list of policy.lists.values()) {
    const v = data[list.id];
    if (typeof v === 'string' && ['none', '无', '[]'].includes(v.trim())) state.emptyLists[list.id] = 'none';
    if (!Array.isArray(v)) continue;
    if (v.length === 0) state.emptyLists[list.id] = 'none';
    state.answers.lists[list.id] = v.slice(0, 1000).map((e) => {
      const entry: WorkState['answers']['lists'][string][number] = {};
      if (e && typeof e === 'object') {
        for (const f of list.fields.values()) {
          const raw = rawFromFile(f, (e as Record<string, unknown>)[f.name]);
          if (raw !== undefined) entry[f.name] = raw;
        }
      }
      return entry;
    });
  }
  // What the CLI would say about the file (unknown names, bad values), said once at the top.
  const { problems } = parseCase(text, policy, name);
  return { state, problems: problems.map((p) => problemLine(p, lang)) };
}

/** The case as a project file, in the policy's order of facts; a list stated none is written []. */
export function projectYaml(policy: Policy, s: WorkState): string {
  const data: Record<string, unknown> = { policy: policy.id };
  for (const [id, fact] of Object.entries(policy.file.facts)) {
    if (fact.type === 'list') {
      const entries = s.answers.lists[id] ?? [];
      if (entries.length === 0) {
        if (s.emptyLists[id] === 'none') data[id] = [];
        continue;
      }
      const order = Object.keys(fact.fields ?? {});
      data[id] = entries.map((e, i) => Object.fromEntries(order.filter((f) => e[f] !== undefined && !s.dontKnow.has(`${id}[${i}].${f}`)).map((f) => [f, e[f]])));
    } else if (s.answers.facts[id] !== undefined && !s.dontKnow.has(id)) {
      data[id] = s.answers.facts[id];
    }
  }
  const doc = new Document(data);
  const gather = [...s.dontKnow];
  doc.commentBefore = [
    ` Saved from the subsidy workbench (subsidy serve), policy ${policy.id}.`,
    ` Reproduce the estimate with: subsidy estimate FILE --as-of ${s.asOf}`,
    ...(gather.length ? [` Still to gather: ${gather.join(', ')}`] : []),
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** A file name from the applicant's name, safe on every system (大华银行 → 大华银行.yaml). */
export function fileName(s: WorkState, ext: string): string {
  const name = [...String(s.answers.facts.name ?? '')]
    .map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? ' ' : ch))
    .join('')
    .trim()
    .slice(0, 60);
  return `${name || 'case'}.${ext}`;
}
