import type { z } from 'zod';
import { describe, describeZh } from '../values/money.js';
import { suggestion } from '../values/suggest.js';
import { placeProblem, type SourceDoc } from './place.js';
import { formatPath, type PathSegment, type Problem } from './problem.js';

// zod issues turned into messages a non-programmer can act on: one formatter per issue code,
// the field path as projects[0].type, and the YAML position when there is a document.

type AnySchema = z.ZodType;

interface ZodDefLike {
  type: string;
  shape?: Record<string, AnySchema>;
  innerType?: AnySchema;
  getter?: () => AnySchema;
  element?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
  in?: AnySchema;
  out?: AnySchema;
}

function defOf(schema: AnySchema): ZodDefLike {
  return (schema as unknown as { _zod: { def: ZodDefLike } })._zod.def;
}

/** The field names a mapping at `path` may have, found by walking the schema (for "did you mean"). */
export function knownKeysAt(schema: AnySchema, path: readonly PathSegment[]): string[] {
  let current: AnySchema[] = [schema];
  for (const seg of [...path, null]) {
    const next: AnySchema[] = [];
    const keys: string[] = [];
    const queue = [...current];
    while (queue.length > 0) {
      const s = queue.pop() as AnySchema;
      const def = defOf(s);
      if (def.innerType) queue.push(def.innerType);
      else if (def.getter) queue.push(def.getter());
      else if (def.in) queue.push(def.in, ...(def.out ? [def.out] : []));
      else if (def.options) queue.push(...def.options);
      else if (def.type === 'object' && def.shape) {
        if (seg === null) keys.push(...Object.keys(def.shape));
        else if (typeof seg === 'string' && def.shape[seg]) next.push(def.shape[seg]);
      } else if (def.type === 'array' && def.element && typeof seg === 'number') next.push(def.element);
      else if (def.type === 'record' && def.valueType && typeof seg === 'string') next.push(def.valueType);
    }
    if (seg === null) return [...new Set(keys)];
    current = next;
  }
  return [];
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

const TYPE_WORDS: Record<string, { en: string; zh: string }> = {
  string: { en: 'text', zh: '文字' },
  number: { en: 'a number', zh: '数字' },
  boolean: { en: 'true or false', zh: '是或否' },
  object: { en: 'a mapping of fields', zh: '字段映射' },
  array: { en: 'a list', zh: '列表' },
};

export function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  schema: AnySchema,
  data: unknown,
  source?: SourceDoc,
  /** How to write a path (a policy names its items by id). */
  pathText: (path: readonly PathSegment[]) => string = formatPath,
): Problem[] {
  const out: Problem[] = [];
  const push = (path: readonly PathSegment[], message: string, zh: string | undefined, preferKey = false) => {
    const p: Omit<Problem, 'file' | 'line' | 'col'> = { path: pathText(path), message, ...(zh ? { zh } : {}), severity: 'error' };
    out.push(source ? placeProblem(source, path, p, preferKey) : p);
  };
  for (const issue of issues) {
    const path = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          const near = suggestion(key, knownKeysAt(schema, path));
          push([...path, key], `unknown field "${key}"${near.en}`, `没有“${key}”这个字段${near.zh}`, true);
        }
        break;
      case 'invalid_type': {
        const got = valueAt(data, path);
        const expected = TYPE_WORDS[issue.expected] ?? { en: issue.expected, zh: issue.expected };
        push(
          path,
          got === undefined ? `is required (${expected.en})` : `expected ${expected.en}, got ${describe(got)}`,
          got === undefined ? `必须填写（${expected.zh}）` : `应为${expected.zh}，但填写的是${describeZh(got)}`,
        );
        break;
      }
      case 'invalid_value': {
        const got = valueAt(data, path);
        const values = issue.values.map(String);
        const near = typeof got === 'string' ? suggestion(got, values) : { en: '', zh: '' };
        push(path, `expected one of ${values.join(', ')}, got ${describe(got)}${near.en}`, `应为以下之一：${values.join('、')}，但填写的是${describeZh(got)}${near.zh}`);
        break;
      }
      case 'too_small':
        push(
          path,
          issue.origin === 'array' ? `needs at least ${issue.minimum} entr${issue.minimum === 1 ? 'y' : 'ies'}` : issue.origin === 'string' ? 'must not be empty' : `must be at least ${issue.minimum}`,
          issue.origin === 'array' ? `至少需要 ${issue.minimum} 项` : issue.origin === 'string' ? '不能为空' : `不能小于 ${issue.minimum}`,
        );
        break;
      case 'invalid_format':
        push(path, `${issue.message.startsWith('Invalid') ? `expected ${issue.format}` : `expected ${issue.message}`}, got ${describe(valueAt(data, path))}`, undefined);
        break;
      case 'invalid_union':
        push(path, `has the wrong shape: got ${describe(valueAt(data, path))}`, `格式不对：填写的是${describeZh(valueAt(data, path))}`);
        break;
      default: {
        // A custom issue raised by our own schemas carries its Chinese in params.zh.
        const zh = issue.code === 'custom' ? (issue.params as { zh?: unknown } | undefined)?.zh : undefined;
        push(path, issue.message, typeof zh === 'string' ? zh : undefined);
      }
    }
  }
  return out;
}
