import { z } from 'zod';
import { type KeyTable, keyOf, keyTables } from '../case/keys.js';
import type { FactRef, Policy } from '../policy/model.js';
import type { Field } from '../policy/schema.js';
import { PolicyFile } from '../policy/schema.js';
import { DATE_PATTERN } from '../values/date-notation.js';
// The parser's own grammar, so that an editor accepts exactly what `subsidy estimate` does.
import { MONEY_PATTERN } from '../values/notation.js';
import { PolicyTestFile } from './cases.js';

// JSON Schemas for editors (yaml-language-server): completion and checking as a maintainer or a
// consultant types. The policy and test-file schemas come from the zod schemas, so they cannot
// drift from the loader; the project schema comes from a policy's declared facts, like the case
// parser, so a new policy brings its own.

type Json = Record<string, unknown>;

const DRAFT = 'http://json-schema.org/draft-07/schema#';

/** Gives zod's generated definition names (__schema0) the names a maintainer would look for. */
function nameDefinitions(schema: Json): Json {
  const defs = (schema.definitions ?? {}) as Record<string, Json>;
  let text = JSON.stringify(schema);
  for (const [key, def] of Object.entries(defs)) {
    const props = (def.properties ?? {}) as Json;
    const name = 'all' in props ? 'condition' : 'product' in props ? 'basis' : undefined;
    if (name) text = text.replaceAll(`"${key}"`, `"${name}"`).replaceAll(`/definitions/${key}"`, `/definitions/${name}"`);
  }
  return JSON.parse(text) as Json;
}

function fromZod(schema: z.ZodType, title: string, description: string): Json {
  const generated = z.toJSONSchema(schema, { io: 'input', target: 'draft-07', unrepresentable: 'any' }) as Json;
  const { $schema: _, ...rest } = nameDefinitions(generated);
  return { $schema: DRAFT, title, description, ...rest };
}

export function policyJsonSchema(): Json {
  return fromZod(PolicyFile, 'subsidy-calc policy file', 'A subsidy policy encoded as data: facts, items with their clause and verbatim quote, awards, caps and parameters. Checked by `subsidy policy check`.');
}

export function policyTestJsonSchema(): Json {
  return fromZod(PolicyTestFile, 'subsidy-calc policy test cases', 'Cases with the results checked by hand, run by `subsidy policy test` (x.test.yaml beside x.yaml).');
}

const RATE_PATTERN = '^\\s*[0-9０-９]+(?:[.．][0-9０-９]+)?\\s*[%％]\\s*$';
const BOOLEAN_WORDS = ['true', 'false', 'yes', 'no', 'y', 'n', '是', '否', '有', '无', '没有', '1', '0'];

function describeFact(fact: FactRef & { def: Field }): Json {
  const def = fact.def;
  const parts = [fact.label.en, def.help ? def.help.en : undefined, def.unit ? `unit: ${def.unit.zh} (${def.unit.en})` : undefined];
  return { title: fact.label.zh, description: parts.filter(Boolean).join('. ') };
}

/** One stated value; null (or leaving it out) means "not stated". */
function valueSchema(fact: FactRef & { def: Field }): Json {
  const blank = { type: 'null' };
  switch (fact.type) {
    case 'money':
      return { anyOf: [{ type: 'number', minimum: 0 }, { type: 'string', pattern: MONEY_PATTERN }, blank], examples: ['300万', '1.2亿', '3,000,000', '人民币3500万元', '1亿2000万'] };
    case 'number':
      return { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^[+-]?(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?$' }, blank] };
    case 'rate':
      return { anyOf: [{ type: 'string', pattern: RATE_PATTERN }, blank], examples: ['4.35%'] };
    case 'date':
      return { anyOf: [{ type: 'string', pattern: DATE_PATTERN }, blank], examples: ['2019-05-01', '2019/5/1', '2019年5月1日'] };
    case 'boolean':
      return { anyOf: [{ type: 'boolean' }, { type: 'string', enum: BOOLEAN_WORDS }, blank] };
    case 'enum': {
      // The case parser accepts a choice's id or its Chinese or English label.
      const values = [...new Set(fact.choices.flatMap((c) => [c.id, c.label.zh, c.label.en]))];
      return { anyOf: [{ type: 'string', enum: values }, blank], description: fact.choices.map((c) => `${c.id}: ${c.label.zh} (${c.label.en})`).join('; ') };
    }
    default:
      return { type: ['string', 'number', 'null'] };
  }
}

function factSchema(fact: FactRef & { def: Field }): Json {
  const value = valueSchema(fact);
  const described = describeFact(fact);
  const description = [described.description, value.description].filter(Boolean).join('. ');
  return { ...value, title: described.title, description };
}

/** A reference to a fact's schema in the project schema's definitions (by its path: projects.name). */
const ref = (path: string): Json => ({ $ref: `#/definitions/${path}` });

/**
 * The property names of one mapping: each field by its id and by its labels (申请单位名称 for name),
 * the labels being the case parser's own table (`keyTables`), all pointing to the one definition.
 */
function namesOf(fields: Iterable<{ id: string; path: string; labels: string[] }>, table: KeyTable): { properties: Record<string, Json>; names: Map<string, string[]> } {
  const properties: Record<string, Json> = {};
  const names = new Map<string, string[]>();
  const all = [...fields];
  for (const f of all) {
    properties[f.id] = ref(f.path);
    names.set(f.id, [f.id]);
  }
  for (const f of all) {
    for (const label of f.labels) {
      if (table.get(keyOf(label)) !== f.id || label in properties) continue;
      properties[label] = { ...ref(f.path), description: `Same as \`${f.id}\` (its label)` };
      names.get(f.id)?.push(label);
    }
  }
  return { properties, names };
}

/**
 * The project (case) file of a policy: one property per fact, one array per list, each also by its
 * labels (申请单位名称:, 项目:), mixed freely with the ids as the parser reads them.
 */
export function projectJsonSchema(policy: Policy): Json {
  const tables = keyTables(policy);
  const definitions: Record<string, Json> = {};
  for (const fact of policy.facts.values()) definitions[fact.path] = factSchema(fact);
  for (const list of policy.lists.values()) {
    const fields = namesOf(
      [...list.fields.values()].map((f) => {
        definitions[f.path] = factSchema(f);
        return { id: f.name, path: f.path, labels: [f.label.zh, f.label.en] };
      }),
      tables.lists.get(list.id) as KeyTable,
    );
    definitions[list.id] = {
      title: list.label.zh,
      description: `${list.label.en}: one entry per ${list.itemLabel.en}${list.help ? `. ${list.help.en}` : ''}. Write "none" (无) to state that there are none.`,
      anyOf: [
        { type: 'array', items: { type: 'object', properties: fields.properties, additionalProperties: false } },
        { type: 'string', enum: ['none', '无', '[]'] },
        { type: 'null' },
      ],
    };
  }
  const top = namesOf(
    [
      ...[...policy.facts.values()].map((f) => ({ id: f.name, path: f.path, labels: [f.label.zh, f.label.en] })),
      ...[...policy.lists.values()].map((l) => ({ id: l.id, path: l.id, labels: [l.label.zh, l.label.en] })),
    ],
    tables.top,
  );
  const properties: Record<string, Json> = {
    policy: { type: 'string', enum: [policy.id], description: 'The policy this case is for' },
    ...top.properties,
  };
  // A required fact is there under its id or one of its labels.
  const required = [...policy.facts.values()].filter((f) => f.def.required).map((f) => ({ anyOf: (top.names.get(f.name) ?? [f.name]).map((n) => ({ required: [n] })) }));
  const parameters: Record<string, Json> = {};
  for (const param of policy.parameters.values()) {
    const one = param.type === 'rate' ? { type: 'string', pattern: RATE_PATTERN } : { anyOf: [{ type: 'number' }, { type: 'string', pattern: MONEY_PATTERN }] };
    const keys = [...new Set(param.schedule.flatMap((s) => (s.values ? [...s.values.keys()] : [])))];
    parameters[param.id] = {
      title: param.label.zh,
      description: `${param.label.en}: overrides the policy's value${param.note ? `. ${param.note.en}` : ''}`,
      ...(keys.length ? { type: 'object', properties: Object.fromEntries(keys.map((k) => [k, one])), additionalProperties: false } : one),
    };
  }
  properties.parameters = { type: 'object', description: "Overrides of the policy's dated parameters", properties: parameters, additionalProperties: false };
  return {
    $schema: DRAFT,
    title: `subsidy-calc project file for ${policy.id}`,
    description: `${policy.title.zh} (${policy.title.en}): the facts of one applicant. Generated by \`subsidy schema project --policy ${policy.id}\`.`,
    type: 'object',
    properties,
    ...(required.length ? { allOf: required } : {}),
    additionalProperties: false,
    definitions,
  };
}

/** The text written to schemas/*.json and printed by `subsidy schema`. */
export function schemaText(schema: Json): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
