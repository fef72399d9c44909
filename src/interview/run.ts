import type { Case } from '../case/model.js';
import type { Policy } from '../policy/model.js';
import type { Lang } from '../report/i18n.js';

export interface InterviewOptions {
  lang: Lang;
  asOf?: string;
  /** Write the answers as a project YAML file here when done. */
  save?: string;
}

/** STUB (issue 3): asks the questions the policy needs and returns the case. */
export async function runInterview(_policy: Policy, _opts: InterviewOptions): Promise<Case> {
  throw new Error('the interview is not built yet');
}
