// The library: everything the CLI uses, and what a web service would embed.
// The CLI (src/cli) imports core functionality only from here.

export { listTestFiles, readTestFile, runTestFile, type TestFileRun, updateTestFile } from './authoring/cases.js';
// Policy maintenance (authoring: what maintainers run over policies)
export { type CheckResult, checkPolicyFile, countBySeverity } from './authoring/check.js';
export { type DiffOptions, diffPolicies, renderDiff } from './authoring/diff.js';
export { policyJsonSchema, policyTestJsonSchema, projectJsonSchema, schemaText } from './authoring/json-schema.js';
export type { BatchFormat } from './batch/output.js';
// Batch (CSV of projects) and templates
export { type BatchOptions, runBatch, runCsvBatch, runYamlBatch } from './batch/run.js';
export { type BatchSummary, renderSummary, summaryJson } from './batch/summary.js';
export { type BatchReportOptions, renderBatchHtml } from './batch/summary-html.js';
export { csvTemplate, type HeaderStyle, yamlTemplate } from './batch/template.js';
export { isWorkbook, writeXlsxTemplate } from './batch/xlsx.js';
export { openCase, readCaseFast } from './case/fast.js';
// Cases
export { loadCase, parseCase } from './case/load.js';
export type { Case, CaseRecord, FactValue } from './case/model.js';
export { caseSchema, isBlank, parseFactValue } from './case/schema.js';
// Evaluation
export { type EvaluateOptions, evaluate } from './engine/evaluate.js';
export { findOpportunities, type Opportunity } from './engine/opportunities.js';
export { compareReadings } from './engine/readings.js';
export type * from './engine/result.js';
// Errors and values
export { CancelledError, formatPath, formatProblem, InputError, type Problem, problemLine } from './errors/problem.js';
export { parseYaml, YAML_LIMITS, type YamlLimits } from './errors/yaml.js';
// The client report printed to PDF by a Chromium found on the machine (playwright-core loads lazily)
export { BROWSER_NAMES, findBrowser, htmlToPdf, INSTALL_HINT, type LoadedReport, openPrinter, type ReportPrinter } from './io/pdf.js';
export { COMPILED_POLICY_DIR, openPolicy, readCompiledPolicy } from './policy/compiled.js';
export { BUILTIN_POLICY_DIR, displayPath, listPolicyFiles, resolvePolicyPath } from './policy/files.js';
// Policies
export { compilePolicySnapshot, loadPolicy, parsePolicy, parseYamlSource } from './policy/load.js';
export type { CompiledCondition, CompiledItem, CompiledReading, FactRef, ListInfo, Policy, RateRange, ReadingChoices } from './policy/model.js';
export { checkReadingChoices, itemsUnder, parseReadingChoices, readingsInForce } from './policy/readings.js';
export type { Text } from './policy/schema.js';
export { PolicyFile } from './policy/schema.js';
export { explainData } from './report/explain/json.js';
export { renderExplainMarkdown } from './report/explain/markdown.js';
export { renderExplainText } from './report/explain/text.js';
export { type ReportOptions, renderReportHtml } from './report/html/report.js';
export { escapeHtml } from './report/html/template.js';
export { policyVersion } from './report/html/version.js';
export { defaultLang, type Lang } from './report/i18n.js';
export { itemsData, renderItemsMarkdown, renderItemsTable } from './report/items.js';
export { renderMarkdown } from './report/markdown.js';
export { opportunityLines } from './report/opportunities.js';
export { projectFileReference } from './report/reference.js';
// Rendering
export { renderTable } from './report/table.js';
export { displayWidth, wrapLines, wrapParagraph, wrapText } from './report/wrap.js';
export { clauseNumber, sameClause } from './values/clause.js';
export { parseCalendarDate } from './values/dates.js';
export { safeMessage, safeText, terminalText } from './values/display.js';
export { formatMoney, formatPercent, formatRange, formatRate, type Unit } from './values/format.js';
export { toJson, toPlain } from './values/json.js';
export { Money, moneyString, type Parsed, parseDate, parseMoney, parseNumber, parseRate, todayIso, toFen } from './values/money.js';
export { messageIn, type Said } from './values/said.js';
export { closest, didYouMean, suggestion } from './values/suggest.js';
