import { z } from 'zod';
import { PolicyTestFile } from './cases.js';
import type { FactRef, Policy } from '../policy/model.js';
import type { Field } from '../policy/schema.js';
import { PolicyFile } from '../policy/schema.js';

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

const MONEY_PATTERN = '^[¥￥]?\\s*(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d{1,2})?\\s*$|^(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?\\s*(万元|亿元|万|亿|元)$';
const RATE_PATTERN = '^\\d+(\\.\\d+)?\\s*%$';
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
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
      return { anyOf: [{ type: 'number', minimum: 0 }, { type: 'string', pattern: MONEY_PATTERN }, blank], examples: ['300万', '1.2亿', '3,000,000'] };
    case 'number':
      return { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^[+-]?(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?$' }, blank] };
    case 'rate':
      return { anyOf: [{ type: 'string', pattern: RATE_PATTERN }, blank], examples: ['4.35%'] };
    case 'date':
      return { anyOf: [{ type: 'string', pattern: DATE_PATTERN }, blank], examples: ['2019-05-01'] };
    case 'boolean':
      return { anyOf: [{ type: 'boolean' }, { type: 'string', enum: BOOLEAN_WORDS }, blank] };
    case 'enum': {
      // The case parser accepts a choice's id or its Chinese label.
      const values = [...new Set([...fact.choices.map((c) => c.id), ...fact.choices.map((c) => c.label.zh)])];
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

/** The project (case) file of a policy: one property per fact, one array per list. */
export function projectJsonSchema(policy: Policy): Json {
  const properties: Record<string, Json> = {
    policy: { type: 'string', enum: [policy.id], description: 'The policy this case is for' },
  };
  const required: string[] = [];
  for (const fact of policy.facts.values()) {
    properties[fact.name] = factSchema(fact);
    if (fact.def.required) required.push(fact.name);
  }
  for (const list of policy.lists.values()) {
    const fields: Record<string, Json> = {};
    for (const f of list.fields.values()) fields[f.name] = factSchema(f);
    properties[list.id] = {
      title: list.label.zh,
      description: `${list.label.en}: one entry per ${list.itemLabel.en}${list.help ? `. ${list.help.en}` : ''}. Write "none" (无) to state that there are none.`,
      anyOf: [
        { type: 'array', items: { type: 'object', properties: fields, additionalProperties: false } },
        { type: 'string', enum: ['none', '无', '[]'] },
        { type: 'null' },
      ],
    };
  }
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
    required,
    additionalProperties: false,
  };
}

/** The text written to schemas/*.json and printed by `subsidy schema`. */
export function schemaText(schema: Json): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
