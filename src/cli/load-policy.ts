import { loadPolicy, type Policy } from '../index.js';
import { isPolicyPath, policyFileArg } from './common.js';
import type { Session } from './io.js';

/**
 * The policy of --policy: a path (it has a slash or ends in .yaml) is read from the run's working
 * folder, and a missing file or a folder is said as such; an id names a shipped policy. Apart from
 * common.ts because it loads the YAML parser and the schema, which `estimate` loads only when its
 * policy is not a current compiled snapshot.
 */
export function loadPolicyArg(policy: string | undefined, session: Session): Policy {
  return loadPolicy(isPolicyPath(policy) ? policyFileArg(policy as string, session) : policy);
}
