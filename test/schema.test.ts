import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { policyJsonSchema, policyTestJsonSchema, projectJsonSchema, schemaText } from '../src/authoring/json-schema.js';
import { loadPolicy } from '../src/policy/load.js';
import { cli } from './helpers/cli.js';

// The JSON Schemas shipped under schemas/ for editors: generated, kept in step, and they accept
// the files they are for and reject a misspelt field.

const shipped = (name: string) => readFileSync(`schemas/${name}.schema.json`, 'utf8');
const REGENERATE = 'regenerate with: node bin/subsidy.js schema policy > schemas/policy.schema.json (and project, policy-test)';

describe('schemas/ is in step with the code', () => {
  it('policy.schema.json', () => expect(shipped('policy'), REGENERATE).toBe(schemaText(policyJsonSchema())));
  it('project.schema.json (from the shipped policy\'s facts)', () => expect(shipped('project'), REGENERATE).toBe(schemaText(projectJsonSchema(loadPolicy()))));
  it('policy-test.schema.json', () => expect(shipped('policy-test'), REGENERATE).toBe(schemaText(policyTestJsonSchema())));
  it('subsidy schema prints the same', async () => {
    const r = await cli(['schema', 'project']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(shipped('project'));
    expect((await cli(['schema', 'policy'])).stdout).toBe(shipped('policy'));
  });
  it('the files name their schema on their first line', () => {
    expect(readFileSync('policies/liuzhou-2018-sei.yaml', 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/policy.schema.json');
    expect(readFileSync('policies/liuzhou-2018-sei.test.yaml', 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/policy-test.schema.json');
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.yaml'))) {
      expect(readFileSync(`examples/${f}`, 'utf8').split('\n')[0], f).toBe('# yaml-language-server: $schema=../schemas/project.schema.json');
    }
  });
});

describe('the schemas check what an editor would', () => {
  // zod reads JSON Schema back, which stands in for the editor's validator here; all but the
  // top level's allOf of "required under one of these names", which zod's reader loosens into a
  // non-strict object that requires nothing: that part is checked by hand, as an editor would.
  type Schema = Record<string, unknown> & { allOf?: { anyOf: { required: string[] }[] }[] };
  const check = (schema: Schema) => {
    const { allOf, ...rest } = schema;
    const zod = z.fromJSONSchema(rest as Parameters<typeof z.fromJSONSchema>[0]);
    const named = (v: unknown) => (allOf ?? []).every((one) => one.anyOf.some((r) => r.required.every((k) => typeof v === 'object' && v !== null && k in v)));
    return { safeParse: (v: unknown) => ({ success: zod.safeParse(v).success && named(v) }) };
  };
  const validator = (name: string) => check(JSON.parse(shipped(name)));
  const yaml = (file: string) => parse(readFileSync(file, 'utf8'));

  it('every example is a valid project file', () => {
    const project = validator('project');
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.yaml'))) {
      expect(project.safeParse(yaml(`examples/${f}`)).success, f).toBe(true);
    }
  });

  it('a project file with a misspelt field or an unknown choice is rejected', () => {
    const project = validator('project');
    expect(project.safeParse({ name: 'x', kind: 'enterprise', industri: 'urban-rail' }).success).toBe(false);
    expect(project.safeParse({ name: 'x', kind: 'enterprize' }).success).toBe(false);
    expect(project.safeParse({ name: 'x', kind: '企业', projects: [{ type: 'rd', rd_spending: '380万' }] }).success).toBe(true);
    expect(project.safeParse({ name: 'x', kind: 'enterprise', projects: [{ type: 'rd', rd_spending: 'lots' }] }).success).toBe(false);
  });

  it('a project file may name its fields by their labels, mixed with ids, as the CSV headers do', () => {
    const project = validator('project');
    const byLabel = { 申请单位名称: 'x', 申请主体类型: '企业', 项目: [{ 项目类型: 'rd', 'Actual R&D spending of the project': '380万', name: 'p' }] };
    expect(project.safeParse(byLabel).success).toBe(true);
    expect(project.safeParse({ ...byLabel, 项目: [{ 项目类型: 'rd', 投资额: '380万' }] }).success).toBe(false);
    // A required field is there under its id or under a label.
    expect(project.safeParse({ kind: 'enterprise' }).success).toBe(false);
    expect(JSON.parse(shipped('project')).allOf[0]).toEqual({ anyOf: [{ required: ['name'] }, { required: ['申请单位名称'] }, { required: ['Applicant name'] }] });
    expect(project.safeParse({ 'Applicant name': 'x', kind: 'enterprise' }).success).toBe(true);
  });

  it('the project schema of another policy comes from that policy\'s facts', () => {
    const demo = check(projectJsonSchema(loadPolicy('test/fixtures/policies/demo-city-2024.yaml')));
    expect(demo.safeParse(yaml('test/fixtures/demo-company.yaml')).success).toBe(true);
    // A Liuzhou fact is not a field of the demo policy's project file.
    expect(demo.safeParse({ ...yaml('test/fixtures/demo-company.yaml'), industry: 'urban-rail' }).success).toBe(false);
  });

  it('the shipped and fixture policies are valid policy files; a misspelt field is not', () => {
    const policy = validator('policy');
    expect(policy.safeParse(yaml('policies/liuzhou-2018-sei.yaml')).success).toBe(true);
    expect(policy.safeParse(yaml('test/fixtures/policies/demo-city-2024.yaml')).success).toBe(true);
    expect(policy.safeParse(yaml('test/fixtures/broken/unknown-field.yaml')).success).toBe(false);
  });

  it('the shipped test cases are a valid policy test file', () => {
    expect(validator('policy-test').safeParse(yaml('policies/liuzhou-2018-sei.test.yaml')).success).toBe(true);
  });
});
