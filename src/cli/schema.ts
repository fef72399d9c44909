import { Argument, type Command } from 'commander';
import { policyJsonSchema, policyTestJsonSchema, projectJsonSchema, schemaText } from '../index.js';
import { langOption, policyOption } from './common.js';
import type { Session } from './io.js';
import { loadPolicyArg } from './load-policy.js';

/** `subsidy schema policy|project|policy-test`: JSON Schema for editors (the files under schemas/). */
export function registerSchema(program: Command, session: Session) {
  return program
    .command('schema')
    .description('print the JSON Schema of a policy file, a project file (from the policy\'s facts) or a policy test file, for editors')
    .addArgument(new Argument('<kind>', 'which file').choices(['policy', 'project', 'policy-test']))
    .addOption(policyOption())
    // A JSON Schema's descriptions are for editors, in English; --lang is for the messages.
    .addOption(langOption())
    .action((kind: 'policy' | 'project' | 'policy-test', opts: { policy?: string }) => {
      const schema = kind === 'policy' ? policyJsonSchema() : kind === 'policy-test' ? policyTestJsonSchema() : projectJsonSchema(loadPolicyArg(opts.policy, session));
      session.out(schemaText(schema));
    });
}
