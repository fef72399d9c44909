// The library: everything the CLI uses, and what a web service would embed.
// The CLI (src/cli) imports core functionality only from here.

// Policies
export { loadPolicy, parsePolicy, parseYamlSource, compilePolicySnapshot } from './policy/load.js';
export { BUILTIN_POLICY_DIR, displayPath, listPolicyFiles, resolvePolicyPath } from './policy/files.js';
export { COMPILED_POLICY_DIR, openPolicy, readCompiledPolicy } from './policy/compiled.js';
export { parseYaml, YAML_LIMITS, type YamlLimits } from './errors/yaml.js';
export type { Policy, CompiledItem, CompiledCondition, CompiledReading, FactRef, ListInfo, RateRange, ReadingChoices } from './policy/model.js';
export { PolicyFile } from './policy/schema.js';
export type { Text } from './policy/schema.js';

// Cases
export { loadCase, parseCase } from './case/load.js';
export { openCase, readCaseFast } from './case/fast.js';
export { caseSchema, parseFactValue, isBlank } from './case/schema.js';
export type { Case, CaseRecord, FactValue } from './case/model.js';

// Evaluation
export { evaluate, type EvaluateOptions } from './engine/evaluate.js';
export type * from './engine/result.js';
export { findOpportunities, type Opportunity } from './engine/opportunities.js';
export { compareReadings } from './engine/readings.js';
export { itemsUnder, parseReadingChoices, checkReadingChoices, readingsInForce } from './policy/readings.js';

// Rendering
export { renderTable } from './report/table.js';
export { renderMarkdown } from './report/markdown.js';
export { toJson, toPlain } from './values/json.js';
export { itemsData, renderItemsMarkdown, renderItemsTable } from './report/items.js';
export { formatMoney, formatRange, formatRate, formatPercent, type Unit } from './values/format.js';
export { defaultLang, type Lang } from './report/i18n.js';
export { projectFileReference } from './report/reference.js';
export { explainData } from './report/explain/json.js';
export { renderExplainMarkdown } from './report/explain/markdown.js';
export { renderExplainText } from './report/explain/text.js';
export { opportunityLines } from './report/opportunities.js';
export { displayWidth, wrapLines, wrapParagraph, wrapText } from './report/wrap.js';
export { renderReportHtml, type ReportOptions } from './report/html/report.js';
export { renderBatchHtml, type BatchReportOptions } from './batch/summary-html.js';
export { escapeHtml } from './report/html/template.js';
export { policyVersion } from './report/html/version.js';

// The client report printed to PDF by a Chromium found on the machine (playwright-core loads lazily)
export { htmlToPdf, findBrowser, openPrinter, BROWSER_NAMES, INSTALL_HINT, type LoadedReport, type ReportPrinter } from './io/pdf.js';

// Errors and values
export { InputError, CancelledError, formatProblem, problemLine, formatPath, type Problem } from './errors/problem.js';
export { Money, parseMoney, parseRate, parseDate, parseNumber, toFen, moneyString, todayIso, type Parsed } from './values/money.js';
export { parseCalendarDate } from './values/dates.js';
export { closest, didYouMean, suggestion } from './values/suggest.js';
export { clauseNumber, sameClause } from './values/clause.js';
export { messageIn, type Said } from './values/said.js';
export { safeMessage, safeText, terminalText } from './values/display.js';

// Policy maintenance (authoring: what maintainers run over policies)
export { checkPolicyFile, countBySeverity, type CheckResult } from './authoring/check.js';
export { listTestFiles, readTestFile, runTestFile, updateTestFile, type TestFileRun } from './authoring/cases.js';
export { diffPolicies, renderDiff, type DiffOptions } from './authoring/diff.js';
export { policyJsonSchema, policyTestJsonSchema, projectJsonSchema, schemaText } from './authoring/json-schema.js';

// Batch (CSV of projects) and templates
export { runBatch, runCsvBatch, runYamlBatch, type BatchOptions } from './batch/run.js';
export { isWorkbook, writeXlsxTemplate } from './batch/xlsx.js';
export { renderSummary, summaryJson, type BatchSummary } from './batch/summary.js';
export type { BatchFormat } from './batch/output.js';
export { csvTemplate, yamlTemplate, type HeaderStyle } from './batch/template.js';
