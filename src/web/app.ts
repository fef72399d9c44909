import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Context, Hono } from 'hono';
import { htmlToPdf, INSTALL_HINT, type Lang, type Policy, renderBatchHtml, renderReportHtml, summaryJson, todayIso, toJson } from '../index.js';
import { html } from '../report/html/template.js';
import { policyVersion } from '../report/html/version.js';
import { batchResults, finished, keptRun, renderBatch, startBatch } from './batch.js';
import { CLIENT_CSS } from './client-css.js';
import { CLIENT_JS } from './client-js.js';
import { compareCases, MAX_SCENARIOS } from './compare.js';
import { compute, explainItem, type Meta, renderEstimate } from './estimate.js';
import { fileName, openProjectFile, projectYaml } from './files.js';
import { errorSpan, fieldId } from './form.js';
import { guard } from './guard.js';
import { errorPage, problemBox, renderPage, renderWorkbench } from './page.js';
import { pinPath } from './pins.js';
import { emptyState, stateFromForm, type WorkState } from './state.js';
import { ww } from './words.js';

// The workbench's routes: each reads the case from the form, runs the same core as the CLI and
// answers with the page or the fragment that changed (htmx swaps it in; with JavaScript off the
// form posts and the whole page comes back). The server keeps nothing and writes nothing to disk.

export interface AppOptions {
  policy: Policy;
  token: string;
  /** host:port values the server answers to. */
  hosts: readonly string[];
  cookie: string;
  toolVersion: string;
  /** The environment a PDF's browser is looked up in (CHROME_PATH). */
  env: Record<string, string | undefined>;
}

const HTMX = (() => {
  const require = createRequire(import.meta.url);
  return readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8');
})();

/** The language the browser prefers: Chinese when its first choice is, else English. */
export function preferredLang(header: string | undefined): Lang {
  const tags = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag: (tag ?? '').toLowerCase(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q);
  return tags[0]?.tag.startsWith('zh') ? 'zh' : 'en';
}

export function createApp(opts: AppOptions): Hono {
  const { policy } = opts;
  const app = new Hono();
  const meta = (): Meta => ({ toolVersion: opts.toolVersion, generated: todayIso() });
  const langOf = (c: Context): Lang => {
    const q = c.req.query('lang');
    return q === 'zh' || q === 'en' ? q : preferredLang(c.req.header('accept-language'));
  };
  const isHtmx = (c: Context) => c.req.header('hx-request') === 'true';

  app.use(guard(opts, (c, status, message) => c.html(errorPage(langOf(c), message[langOf(c)]), status)));

  app.onError((e, c) => {
    const lang = langOf(c);
    const line = lang === 'zh' ? `出错了：${oneLine(e)}` : `Something went wrong: ${oneLine(e)}`;
    return isHtmx(c) ? c.html(problemBox([line]).text, 200, { 'HX-Retarget': '#problem', 'HX-Reswap': 'outerHTML' }) : c.html(errorPage(lang, line), 500);
  });
  app.notFound((c) => c.html(errorPage(langOf(c), langOf(c) === 'zh' ? '没有这个页面' : 'No such page'), 404));

  const posted = async (c: Context): Promise<WorkState> => {
    const form = await c.req.formData();
    const pairs = [...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string');
    const s = stateFromForm(policy, pairs, langOf(c));
    const to = form.get('switch_lang');
    if (to === 'zh' || to === 'en') s.lang = to;
    return s;
  };

  app.get('/', (c) => c.html(renderPage(policy, compute(policy, emptyState(langOf(c)), meta()), { fresh: true })));
  app.post('/', async (c) => c.html(renderPage(policy, compute(policy, await posted(c), meta(), { details: true }))));
  app.post('/explain/:item', async (c) => c.html(explainItem(policy, await posted(c), meta(), c.req.param('item')).text));
  app.post('/form', async (c) => c.html(`${renderWorkbench(policy, compute(policy, await posted(c), meta())).text}\n${problemBox([], true).text}`));
  app.post('/estimate', async (c) => {
    const k = compute(policy, await posted(c), meta());
    const paths = new Set([...k.errors.keys(), ...answeredPaths(k.state)]);
    const spans = [...paths].map((p) => errorSpan(fieldId(p), k.errors.get(p), k.state.lang, true).text);
    return c.html([renderEstimate(policy, k).text, ...spans].join('\n'));
  });

  app.post('/compare', async (c) => {
    const form = await c.req.formData();
    const lang = form.get('lang') === 'zh' ? 'zh' : form.get('lang') === 'en' ? 'en' : langOf(c);
    let cases: [string, string][][] = [];
    try {
      const parsed = JSON.parse(String(form.get('cases') ?? '[]')) as unknown;
      if (Array.isArray(parsed)) {
        cases = parsed
          .slice(0, MAX_SCENARIOS + 1)
          .map((pairs) => (Array.isArray(pairs) ? pairs.filter((p): p is [string, string] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string') : []));
      }
    } catch {
      // Nothing readable to compare: an empty comparison.
    }
    return c.html(compareCases(policy, cases, lang).text);
  });

  app.post('/open', async (c) => {
    const form = await c.req.formData();
    const lang = form.get('lang') === 'zh' || form.get('lang') === 'en' ? (form.get('lang') as Lang) : langOf(c);
    const file = form.get('project');
    const opened =
      file instanceof File && file.size > 0
        ? openProjectFile(policy, new TextDecoder('utf-8').decode(await file.arrayBuffer()), file.name, lang)
        : { state: emptyState(lang), problems: [`${ww(lang, 'openFailed')}: ${lang === 'zh' ? '没有选择文件' : 'no file chosen'}`] };
    const k = compute(policy, opened.state, meta(), { details: !isHtmx(c) });
    if (!isHtmx(c)) return c.html(renderPage(policy, k, { problems: opened.problems }));
    return c.html(`${renderWorkbench(policy, k).text}\n${problemBox(opened.problems, true).text}`);
  });

  app.post('/download/:kind', async (c) => {
    const s = await posted(c);
    const kind = c.req.param('kind');
    const attach = (name: string) => ({ 'Content-Disposition': `attachment; filename="${encodeURIComponent(name)}"; filename*=UTF-8''${encodeURIComponent(name)}` });
    if (kind === 'yaml') return c.body(projectYaml(policy, s), 200, { 'Content-Type': 'text/yaml; charset=utf-8', ...attach(fileName(s, 'yaml')) });
    const k = compute(policy, s, meta());
    if (kind === 'json') return c.body(toJson({ ...k.result, opportunities: k.opportunities }), 200, { 'Content-Type': 'application/json; charset=utf-8', ...attach(fileName(s, 'json')) });
    const report = renderReportHtml(k.result, { lang: s.lang, unit: 'wan', policy, opportunities: k.opportunities, mode: 'estimate', generated: todayIso(), toolVersion: opts.toolVersion, policyVersion: policyVersion(policy) });
    if (kind === 'html') return c.body(report, 200, { 'Content-Type': 'text/html; charset=utf-8', ...attach(fileName(s, 'html')) });
    if (kind === 'pdf') {
      try {
        const pdf = await htmlToPdf(report, opts.env);
        return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf', ...attach(fileName(s, 'pdf')) });
      } catch (e) {
        const why = oneLine(e);
        const hint = why.includes('no Chromium') ? '' : ` (${INSTALL_HINT})`;
        return c.html(renderPage(policy, k, { problems: [`${ww(s.lang, 'pdfMissing')}: ${why}${hint}`] }));
      }
    }
    return c.notFound();
  });

  // With htmx the run starts and the answer comes at once: a part that polls the run's progress.
  // Without JavaScript (no HX-Request) the POST waits for the run and the page shows its summary.
  const batchPage = (lang: Lang, body: string) => errorPage(lang, '').replace('<p class="error"></p>', `${body}<p><a href="/">${ww(lang, 'title')}</a></p>`);
  app.post('/batch', async (c) => {
    const form = await c.req.formData();
    const lang = form.get('lang') === 'zh' || form.get('lang') === 'en' ? (form.get('lang') as Lang) : langOf(c);
    const file = form.get('sheet');
    let body: string;
    if (!(file instanceof File) || file.size === 0) body = problemBox([lang === 'zh' ? '没有选择文件' : 'no file chosen']).text;
    else {
      const run = startBatch(policy, file.name, new Uint8Array(await file.arrayBuffer()), lang, todayIso());
      if (!isHtmx(c)) await run.done;
      body = renderBatch(run).text;
    }
    return isHtmx(c) ? c.html(body) : c.html(batchPage(lang, body));
  });

  app.get('/batch/:id/progress', (c) => {
    const run = keptRun(c.req.param('id'));
    if (!run) {
      const lang = langOf(c);
      const gone = html`<div id="batch-result">${problemBox([ww(lang, 'batchGone')])}</div>`.text;
      // htmx swaps only a 2xx answer: the page shows the line and stops asking.
      return isHtmx(c) ? c.html(gone) : c.html(batchPage(lang, gone), 404);
    }
    const body = renderBatch(run).text;
    return isHtmx(c) ? c.html(body) : c.html(batchPage(run.lang, body));
  });

  app.get('/batch/:id/:file', async (c) => {
    const run = keptRun(c.req.param('id'));
    const done = run && finished(run);
    if (!run || !done) return c.notFound();
    const base = run.name.replace(/\.[^.]*$/, '');
    const attach = (name: string) => ({ 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}` });
    switch (c.req.param('file')) {
      case 'results.csv':
        return c.body(new Uint8Array(done.csv), 200, { 'Content-Type': 'text/csv; charset=utf-8', ...attach(`${base}-results.csv`) });
      case 'results.xlsx': {
        const { bytes } = await batchResults(policy, run, 'xlsx');
        return c.body(new Uint8Array(bytes), 200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ...attach(`${base}-results.xlsx`) });
      }
      case 'summary.html': {
        const page = renderBatchHtml(done.summary, { lang: run.lang, unit: 'wan', policy, asOf: run.asOf, generated: todayIso(), toolVersion: opts.toolVersion, policyVersion: policyVersion(policy) });
        return c.body(page, 200, { 'Content-Type': 'text/html; charset=utf-8', ...attach(`${base}-summary.html`) });
      }
      case 'summary.json':
        return c.body(summaryJson(done.summary), 200, { 'Content-Type': 'application/json; charset=utf-8', ...attach(`${base}-summary.json`) });
      default:
        return c.notFound();
    }
  });

  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/static/htmx.min.js', (c) => c.body(HTMX, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/static/app.js', (c) => c.body(CLIENT_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/static/app.css', (c) => c.body(CLIENT_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  return app;
}

function answeredPaths(s: WorkState): string[] {
  const out = [...Object.keys(s.answers.facts), ...Object.keys(s.pins).map(pinPath)];
  for (const [id, entries] of Object.entries(s.answers.lists)) entries.forEach((e, i) => {
      out.push(...Object.keys(e).map((f) => `${id}[${i}].${f}`));
    });
  return out;
}

/** An error as one line: its message (an InputError's problems joined), never its stack. */
function oneLine(e: unknown): string {
  const problems = (e as { problems?: { message: string }[] }).problems;
  const text = problems?.length ? problems.map((p) => p.message).join('; ') : e instanceof Error ? e.message : String(e);
  return text.split('\n')[0]?.slice(0, 300) ?? '';
}
