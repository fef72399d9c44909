
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { placeProblem, type SourceDoc } from '../errors/place.js';
import { formatPath, InputError, type Problem } from '../errors/problem.js';
import { parseYaml, YAML_LIMITS } from '../errors/yaml.js';
import { issuesToProblems } from '../errors/zod.js';
import { READ_LIMITS, readBounded } from '../io/read.js';
import type { Policy } from '../policy/model.js';
import { suggestion } from '../values/suggest.js';
import { keysToIds } from './keys.js';
import type { Case } from './model.js';
import { caseSchema, isBlank, parseFactValue } from './schema.js';

/**
 * The most list entries (projects, recognitions …) one project file may hold, all lists together.
 * A project file describes one applicant, which has tens at most; each entry costs evaluation time
 * and memory (20,000 projects took 2.2 GB), so a file beyond this is refused before evaluation.
 */
export const MAX_LIST_ENTRIES = 1000;

function tooManyEntries(data: Record<string, unknown>, policy: Policy): { list: string; message: string } | undefined {
  let total = 0;
  for (const list of policy.lists.keys()) {
    const entries = data[list];
    if (!Array.isArray(entries)) continue;
    total += entries.length;
    if (total > MAX_LIST_ENTRIES) {
      const all = Object.values(data).reduce((n: number, v) => n + (Array.isArray(v) ? v.length : 0), 0);
      return {
        list,
        message: `the file lists ${all} entries: a project file may hold at most ${MAX_LIST_ENTRIES} in all its lists (it describes one applicant; for many applicants, use a batch CSV)`,
      };
    }
  }
  return undefined;
}

/**
 * Reads a project file's text against a policy. All scalars are read as text (the YAML failsafe
 * schema) so that amounts keep every digit and `3,000,000` or `1.2亿` are parsed by our rules.
 */
export function parseCase(text: string, policy: Policy, file: string): { case?: Case; problems: Problem[] } {
  const { source, data, problems } = parseYaml(text, file, YAML_LIMITS.project, { failsafe: true });
  if (problems.length) return { problems };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      problems: [
        { file, line: 1, col: 1, path: '', severity: 'error', message: 'a project file is a mapping of fields (name:, kind:, projects: …)', zh: '项目文件应为“字段: 值”的映射（name:、kind:、projects: …）' },
      ],
    };
  }
  // A case for another policy would fail on every field: say the one thing that matters.
  const named = (data as Record<string, unknown>).policy;
  if (typeof named === 'string' && named !== policy.id) {
    return {
      problems: [
        placeProblem(source, ['policy'], {
          path: 'policy',
          severity: 'error',
          message: `this case is for policy "${named}", but the policy in use is "${policy.id}" (choose it with --policy ${named})`,
          zh: `此文件适用于政策“${named}”，但当前使用的是“${policy.id}”（用 --policy ${named} 选择）`,
        }),
      ],
    };
  }
  // Labels (申请单位名称:) become ids, in the data and in the document, so every position still holds.
  const written = new Map<string, string>();
  const { data: byId, repeated } = keysToIds(data as Record<string, unknown>, policy, (at, label, id) => {
    renameKey(source, at, label, id);
    written.set(JSON.stringify([...at, id]), label);
  });
  // Problems name fields as the file wrote them (项目[0].厂房、设备实际投资额), not by the ids they became.
  const asWritten = (p: Problem): Problem => (written.size ? { ...p, path: writtenPath(p.path, written) } : p);
  if (repeated.length) {
    return {
      problems: repeated.map((r) =>
        placeProblem(
          source,
          [...r.at, r.written],
          {
            path: formatPath([...r.at, r.written]),
            severity: 'error',
            message: `"${r.written}" and "${r.first}" are the same field (${r.id}): keep one`,
            zh: `“${r.written}”与“${r.first}”是同一个字段（${r.id}）：只保留一个`,
          },
          true,
        ),
      ),
    };
  }
  const crowded = tooManyEntries(byId, policy);
  if (crowded) return { problems: [placeProblem(source, [crowded.list], { path: crowded.list, severity: 'error', message: crowded.message })] };
  const schema = caseSchema(policy);
  const parsed = schema.safeParse(byId);
  if (!parsed.success) return { problems: issuesToProblems(parsed.error.issues, schema, byId, source).map((p) => asWritten(labelSuggestion(p, policy))) };
  return { case: parsed.data, problems: valueWarnings(policy, byId, source).map(asWritten) };
}

/** A path of ids (projects[0].plant_equipment_investment) with each key the file wrote as a label put back. */
function writtenPath(path: string, written: Map<string, string>): string {
  const ids: (string | number)[] = [];
  const shown: (string | number)[] = [];
  for (const m of path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) {
    const seg = m[1] !== undefined ? Number(m[1]) : (m[2] as string);
    ids.push(seg);
    shown.push(typeof seg === 'number' ? seg : (written.get(JSON.stringify(ids)) ?? seg));
  }
  return formatPath(shown);
}

/**
 * An unknown field with no id near it may be a label mistyped (项目实际投资 for 项目实际投资额):
 * the labels of its mapping are offered too, as the CSV headers' are.
 */
function labelSuggestion(p: Problem, policy: Policy): Problem {
  const m = /^unknown field "(.*)"$/.exec(p.message);
  if (!m) return p;
  const key = m[1] as string;
  const list = /^([^[.]+)\[\d+\]\./.exec(p.path)?.[1];
  const labels = list === undefined ? [...policy.facts.values(), ...policy.lists.values()] : [...(policy.lists.get(list)?.fields.values() ?? [])];
  const near = suggestion(key, labels.flatMap((f) => [f.label.zh, f.label.en]));
  return near.en ? { ...p, message: `${p.message}${near.en}`, ...(p.zh ? { zh: `${p.zh}${near.zh}` } : {}) } : p;
}

/**
 * Renames a key of the document (found by the ids of its mapping's path) to its id, keeping its
 * position; when the same field is spelt twice, only the first is renamed, so each is still found.
 */
function renameKey(source: SourceDoc, at: (string | number)[], written: string, id: string): void {
  let node: unknown = source.doc.contents;
  for (const seg of at) {
    if (isMap(node)) node = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg))?.value;
    else if (isSeq(node) && typeof seg === 'number') node = node.items[seg];
    else return;
  }
  if (!isMap(node)) return;
  if (node.items.some((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === id)) return;
  const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === written);
  if (pair && isScalar(pair.key)) pair.key.value = id;
}

/**
 * What was read but may not be what was meant (a bare 3500 for an investment is 3,500 yuan): the
 * case stands, and each such value is named with its line, as a warning.
 */
function valueWarnings(policy: Policy, data: Record<string, unknown>, source: SourceDoc): Problem[] {
  const out: Problem[] = [];
  const check = (fact: Parameters<typeof parseFactValue>[0], raw: unknown, path: (string | number)[]) => {
    if (isBlank(raw) || typeof raw === 'object') return;
    const r = parseFactValue(fact, raw);
    if (r.ok && r.warning) out.push(placeProblem(source, path, { path: formatPath(path), severity: 'warning', message: r.warning.en, zh: r.warning.zh }));
  };
  for (const fact of policy.facts.values()) check(fact, data[fact.name], [fact.name]);
  for (const list of policy.lists.values()) {
    const entries = data[list.id];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, i) => {
      if (entry === null || typeof entry !== 'object') return;
      for (const field of list.fields.values()) check(field, (entry as Record<string, unknown>)[field.name], [list.id, i, field.name]);
    });
  }
  return out;
}

/** Reads a project file; throws InputError listing every problem with file:line:col. */
export function loadCase(file: string, policy: Policy, text = readBounded(file, READ_LIMITS.project)): Case {
  // Warnings do not stop a case; a caller that wants them uses parseCase.
  const { case: c, problems } = parseCase(text, policy, file);
  if (!c) throw new InputError(problems);
  return c;
}
