import { createHash } from 'node:crypto';
import type { Policy } from '../../policy/model.js';

/**
 * Which policy data produced the figures: its id and a fingerprint of its content, so a report
 * can be traced to the exact policy file even after that file is corrected.
 */
export function policyVersion(policy: Policy): string {
  const hash = createHash('sha256').update(JSON.stringify(policy.file)).digest('hex').slice(0, 12);
  return `${policy.id} (${hash})`;
}
