import type { Lang, Policy } from '../index.js';
import { type Html, html, toText } from '../report/html/template.js';
import { tx } from '../report/i18n.js';
import { type Computed, openPaths, renderEstimate } from './estimate.js';
import { fieldId, renderForm } from './form.js';
import { ww } from './words.js';

// The page: the form and the live estimate (the workbench, swapped whole when the form's shape
// changes), the files, the what-if scenarios and the batch. Scripts only from this server.

export function renderWorkbench(policy: Policy, k: Computed, opts: { fresh?: boolean } = {}): Html {
  const lang = k.state.lang;
  const { open, matters } = openPaths(policy, k);
  const asOfId = fieldId('as_of');
  return html`<div id="workbench"${opts.fresh ? html` data-fresh="1"` : ''}>
<form id="case" method="post" action="/" hx-post="/form" hx-trigger="change" hx-sync="this:replace" hx-target="#workbench" hx-swap="outerHTML">
<input type="hidden" name="lang" value="${lang}">
${renderForm({ policy, state: k.state, errors: k.errors, open, matters })}
<div class="field"><label for="${asOfId}">${ww(lang, 'asOf')}</label><input type="text" id="${asOfId}" name="as_of" value="${k.state.asOf}" aria-describedby="${asOfId}-help"><small class="help" id="${asOfId}-help">${ww(lang, 'asOfHelp')}</small></div>
<div class="actions">
<button type="submit" id="update">${ww(lang, 'update')}</button>
<button type="submit" formaction="/download/yaml" id="save-yaml">${ww(lang, 'saveYaml')}</button>
<button type="submit" formaction="/download/html" id="save-html">${ww(lang, 'reportHtml')}</button>
<button type="submit" formaction="/download/pdf" id="save-pdf">${ww(lang, 'reportPdf')}</button>
<button type="submit" formaction="/download/json" id="save-json">${ww(lang, 'json')}</button>
<button type="submit" name="switch_lang" value="${lang === 'zh' ? 'en' : 'zh'}" lang="${lang === 'zh' ? 'en' : 'zh'}" id="switch-lang">${ww(lang, 'switchLang')}</button>
</div>
</form>
${renderEstimate(policy, k)}
</div>`;
}

export function renderPage(policy: Policy, k: Computed, opts: { problems?: string[]; fresh?: boolean } = {}): string {
  const lang = k.state.lang;
  const problems = opts.problems ?? [];
  return toText(html`<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"selfRequestsOnly":true}'>
<title>${ww(lang, 'title')} — ${tx(lang, policy.title)}</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/htmx.min.js" defer></script>
<script src="/static/app.js" defer></script>
</head>
<body data-lang="${lang}" data-confirm-new="${ww(lang, 'newCaseConfirm')}" data-restored="${ww(lang, 'restored')}">
<header class="top"><h1>${ww(lang, 'title')}</h1><p class="policy">${tx(lang, policy.title)}</p></header>
<main>
${problemBox(problems)}
${renderWorkbench(policy, k, opts)}
<section id="scenarios" aria-labelledby="scenarios-h"><h2 id="scenarios-h">${ww(lang, 'scenarios')}</h2>
<button type="button" id="copy-scenario" data-limit="${ww(lang, 'scenarioLimit')}">${ww(lang, 'copyScenario')}</button>
<div id="scenario-table" aria-live="polite"></div>
</section>
<section id="files" aria-labelledby="files-h"><h2 id="files-h">${ww(lang, 'files')}</h2>
<form id="open" method="post" action="/open" enctype="multipart/form-data" hx-post="/open" hx-trigger="change" hx-encoding="multipart/form-data" hx-target="#workbench" hx-swap="outerHTML">
<input type="hidden" name="lang" value="${lang}">
<label for="open-file">${ww(lang, 'open')}</label> <input type="file" id="open-file" name="project" accept=".yaml,.yml,text/yaml">
<button type="submit">${ww(lang, 'openButton')}</button> <small>${ww(lang, 'drop')}</small>
</form>
<form method="get" action="/" id="new-case"><input type="hidden" name="lang" value="${lang}"><button type="submit" id="new-case-button">${ww(lang, 'newCase')}</button></form>
</section>
<section id="batch" aria-labelledby="batch-h"><h2 id="batch-h">${ww(lang, 'batch')}</h2>
<form id="batch-form" method="post" action="/batch" enctype="multipart/form-data" hx-post="/batch" hx-encoding="multipart/form-data" hx-target="#batch-result" hx-swap="outerHTML">
<input type="hidden" name="lang" value="${lang}">
<label for="batch-file">${ww(lang, 'batchFile')}</label> <input type="file" id="batch-file" name="sheet" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
<button type="submit" id="batch-run">${ww(lang, 'batchButton')}</button>
<progress id="batch-progress" max="100" value="0" hidden aria-label="${ww(lang, 'batchRunning')}"></progress>
</form>
<div id="batch-result" aria-live="polite"></div>
</section>
</main>
</body>
</html>
`);
}

export function problemBox(problems: readonly string[], oob = false): Html {
  return html`<div id="problem" role="alert"${oob ? html` hx-swap-oob="true"` : ''}>${problems.length ? html`<ul>${problems.slice(0, 20).map((p) => html`<li>${p}</li>`)}</ul>` : ''}</div>`;
}

/** One line in the page's language for a refused or failed request: never a stack trace. */
export function errorPage(lang: Lang, message: string): string {
  return toText(html`<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>subsidy serve</title></head>
<body><p class="error">${message}</p></body></html>
`);
}
