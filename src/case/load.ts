import { readFileSync } from 'node:fs';
import { InputError, type Problem, placeProblem } from '../errors/problem.js';
import { issuesToProblems } from '../errors/zod.js';
import type { Policy } from '../policy/model.js';
import { parseYamlSource } from '../policy/load.js';
import type { Case } from './model.js';
import { caseSchema } from './schema.js';

/**
 * Reads a project file's text against a policy. All scalars are read as text (the YAML failsafe
 * schema) so that amounts keep every digit and `3,000,000` or `1.2亿` are parsed by our rules.
 */
export function parseCase(text: string, policy: Policy, file: string): { case?: Case; problems: Problem[] } {
  const { source, data, problems } = parseYamlSource(text, file, { failsafe: true });
  if (problems.length) return { problems };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { problems: [{ file, line: 1, col: 1, path: '', severity: 'error', message: 'a project file is a mapping of fields (name:, kind:, projects: …)' }] };
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
        }),
      ],
    };
  }
  const schema = caseSchema(policy);
  const parsed = schema.safeParse(data);
  if (!parsed.success) return { problems: issuesToProblems(parsed.error.issues, schema, data, source) };
  return { case: parsed.data, problems: [] };
}

/** Reads a project file; throws InputError listing every problem with file:line:col. */
export function loadCase(file: string, policy: Policy, text = readFileSync(file, 'utf8')): Case {
  const { case: c, problems } = parseCase(text, policy, file);
  if (!c) throw new InputError(problems);
  return c;
}
