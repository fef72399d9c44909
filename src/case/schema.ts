import { z } from 'zod';
import type { FactRef, Policy } from '../policy/model.js';
import type { Field } from '../policy/schema.js';
import { Money, parseMoney, parseRate } from '../values/money.js';
import { suggestion } from '../values/suggest.js';
import { isBlank, parseFactValue } from './fact-values.js';
import type { Case, CaseRecord, FactValue } from './model.js';

// The project (case) file's schema is built from the policy's declared facts, so a new policy
// brings its own fields, "did you mean" list and parsing with no code change.

export { isBlank, parseFactValue } from './fact-values.js';

function fieldSchema(fact: FactRef & { def: Field }) {
  return z.unknown().transform((raw, ctx): FactValue | undefined => {
    if (isBlank(raw)) return undefined;
    if (typeof raw === 'object') {
      ctx.addIssue({
        code: 'custom',
        message: `expected a single ${fact.type} value, got ${Array.isArray(raw) ? 'a list' : 'a mapping'}`,
        params: { zh: `应填写一个值，但填写的是${Array.isArray(raw) ? '列表' : '键值映射'}` },
      });
      return z.NEVER;
    }
    const r = parseFactValue(fact, raw);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.message, params: { zh: r.zh } });
      return z.NEVER;
    }
    return r.value;
  });
}

const cache = new WeakMap<Policy, z.ZodType<Case, unknown>>();

/** The zod schema of a project file for this policy (built once per policy). */
export function caseSchema(policy: Policy): z.ZodType<Case, unknown> {
  const hit = cache.get(policy);
  if (hit) return hit;
  const shape: Record<string, z.ZodType> = {
    policy: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  };
  for (const fact of policy.facts.values()) shape[fact.name] = fieldSchema(fact).optional();
  for (const list of policy.lists.values()) {
    const fields: Record<string, z.ZodType> = {};
    for (const f of list.fields.values()) fields[f.name] = fieldSchema(f).optional();
    // "none" (or 无) states an empty list; a blank value states nothing.
    shape[list.id] = z.preprocess(
      (v) => (typeof v === 'string' && ['none', '无', '[]'].includes(v.trim()) ? [] : isBlank(v) ? undefined : v),
      z.array(z.strictObject(fields)).optional(),
    );
  }
  const schema = z.strictObject(shape).transform((data, ctx): Case => {
    for (const fact of policy.facts.values()) {
      if (fact.def.required && data[fact.name] === undefined) {
        ctx.addIssue({ code: 'custom', path: [fact.name], message: `is required: ${fact.label.en} (${fact.label.zh})`, params: { zh: `必须填写：${fact.label.zh}` } });
      }
    }
    const facts: Case['facts'] = {};
    const lists: Case['lists'] = {};
    for (const fact of policy.facts.values()) {
      const v = data[fact.name] as FactValue | undefined;
      if (v !== undefined) facts[fact.name] = v;
    }
    for (const list of policy.lists.values()) {
      const v = data[list.id];
      if (Array.isArray(v)) lists[list.id] = v.map((r) => dropUndefined(r as CaseRecord));
    }
    const parameters = parseParameterOverrides(policy, data.parameters, (path, message, zh) =>
      ctx.addIssue({ code: 'custom', message, path: ['parameters', ...path], ...(zh ? { params: { zh } } : {}) }),
    );
    if (data.policy !== undefined && data.policy !== policy.id) {
      ctx.addIssue({
        code: 'custom',
        path: ['policy'],
        message: `this case is for policy "${String(data.policy)}", but the policy in use is "${policy.id}" (choose it with --policy)`,
        params: { zh: `此文件适用于政策“${String(data.policy)}”，但当前使用的是“${policy.id}”（用 --policy 选择）` },
      });
    }
    return { facts, lists, parameters, ...(typeof data.policy === 'string' ? { policy: data.policy } : {}) };
  });
  cache.set(policy, schema as z.ZodType<Case, unknown>);
  return schema as z.ZodType<Case, unknown>;
}

function dropUndefined(r: CaseRecord): CaseRecord {
  const out: CaseRecord = {};
  for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v;
  return out;
}

function parseParameterOverrides(
  policy: Policy,
  raw: unknown,
  report: (path: (string | number)[], message: string, zh?: string) => void,
): Case['parameters'] {
  const out: Case['parameters'] = {};
  if (raw === undefined || raw === null) return out;
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    const param = policy.parameters.get(id);
    if (!param) {
      const near = suggestion(id, policy.parameters.keys());
      report([id], `unknown parameter "${id}"${near.en}`, `没有名为“${id}”的参数${near.zh}`);
      continue;
    }
    const parse = (v: unknown) => (param.type === 'rate' ? parseRate(v) : parseMoney(v));
    const keys = new Set(param.schedule.flatMap((s) => (s.values ? [...s.values.keys()] : [])));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const map: Record<string, Money> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (!keys.has(k)) {
          const near = suggestion(k, keys);
          report([id, k], `unknown key "${k}" of ${id}${near.en}`, `${id} 没有“${k}”这一项${near.zh}`);
          continue;
        }
        const r = parse(v);
        if (r.ok) map[k] = r.value;
        else report([id, k], r.message, r.zh);
      }
      out[id] = map;
    } else {
      if (keys.size > 0) {
        report([id], `${id} has a value per key (${[...keys].join(', ')}): give them as a mapping`, `${id} 按 ${[...keys].join('、')} 分别取值：请逐项填写`);
        continue;
      }
      const r = parse(value);
      if (r.ok) out[id] = r.value;
      else report([id], r.message, r.zh);
    }
  }
  return out;
}

export { Money };
