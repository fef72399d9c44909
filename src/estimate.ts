// The third entry point to the core: what `subsidy estimate` (and the options every command
// shares, src/cli/common.ts) needs to estimate from a shipped policy's compiled snapshot. The
// bundler gives code reached through src/index.ts to every command that imports it; reaching the
// core through here, `estimate` loads neither the schema library nor the batch and authoring code.
export { openCase } from './case/fast.js';
export type { Case } from './case/model.js';
export { evaluate } from './engine/evaluate.js';
export { findOpportunities, type Opportunity } from './engine/opportunities.js';
export { compareReadings } from './engine/readings.js';
export type { EvaluationResult } from './engine/result.js';
export { InputError, problemLine } from './errors/problem.js';
export { htmlToPdf } from './io/pdf.js';
export { openPolicy } from './policy/compiled.js';
export { resolvePolicyPath } from './policy/files.js';
export type { Policy } from './policy/model.js';
export { parseReadingChoices } from './policy/readings.js';
export { renderReportHtml } from './report/html/report.js';
export { policyVersion } from './report/html/version.js';
export { defaultLang, type Lang } from './report/i18n.js';
export { renderMarkdown } from './report/markdown.js';
export { renderTable } from './report/table.js';
export { parseCalendarDate } from './values/dates.js';
export { terminalText } from './values/display.js';
export type { Unit } from './values/format.js';
export { toJson } from './values/json.js';
export { todayIso } from './values/money.js';
