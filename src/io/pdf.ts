import { accessSync, constants, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { delimiter, join } from 'node:path';
import { InputError } from '../errors/problem.js';
import { safeText } from '../values/display.js';

// The client report as PDF: the HTML report printed by a headless Chromium already on the
// machine. We never download a browser; playwright-core only drives the one we find, and is
// loaded only when a PDF is asked for, so no other command pays for it.

/** The names Chromium and Chrome go by on PATH, in the order we try them. */
export const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const;

const INSTALL_ADVICE = 'install Chromium (Debian/Ubuntu: apt-get install chromium fonts-noto-cjk) or set CHROME_PATH to a working Chrome or Chromium';
const INSTALL_ADVICE_ZH = '请安装 Chromium（Debian/Ubuntu：apt-get install chromium fonts-noto-cjk），或将 CHROME_PATH 设为可用的 Chrome 或 Chromium';

export const INSTALL_HINT =
  'no Chromium or Chrome found to print the PDF: install one (Debian/Ubuntu: apt-get install chromium fonts-noto-cjk) or set CHROME_PATH to its executable';
const INSTALL_HINT_ZH = '找不到用于生成 PDF 的 Chromium 或 Chrome：请安装（Debian/Ubuntu：apt-get install chromium fonts-noto-cjk），或将 CHROME_PATH 设为其可执行文件';

/**
 * Switches that keep a headless run private and quiet. The report is a document someone else's
 * data went into, so the browser that prints it reaches nothing, name servers included: every
 * host name resolves to "not found" without asking anyone (--host-resolver-rules, with no
 * EXCLUDE), no DNS prefetch, no pings, no proxy auto-detection, no background fetches (updates,
 * sync, safe browsing lists, domain reliability reports), no first-run pages. Inside the page,
 * every request but the report itself is aborted (openPrinter) and the context is offline.
 */
export const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--dns-prefetch-disable',
  '--no-pings',
  '--no-proxy-server',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-sync',
  '--disable-default-apps',
  '--no-first-run',
  '--disable-quic',
] as const;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** CHROME_PATH when set (it must then be an executable), else the first usual name found on PATH. */
export function findBrowser(env: Record<string, string | undefined>): string | undefined {
  const named = env.CHROME_PATH;
  if (named) {
    if (!executable(named)) {
      throw new InputError([
        {
          path: 'CHROME_PATH',
          severity: 'error',
          message: `"${named}" is not an executable file; point it at chromium or google-chrome, or unset it`,
          zh: `“${named}”不是可执行文件：请指向 chromium 或 google-chrome，或取消设置`,
        },
      ]);
    }
    return named;
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of BROWSER_NAMES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (executable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** A report loaded in the browser, to print, to photograph, or to ask which fonts it drew with. */
export interface LoadedReport {
  pdf(): Promise<Uint8Array>;
  /** The first screen of the report as it looks on screen, as PNG (for people checking the output). */
  screenshot(): Promise<Uint8Array>;
  /** The fonts the browser really drew an element's text with: proof that Chinese is not boxes. */
  fontsUsed(selector: string): Promise<{ family: string; glyphs: number }[]>;
  close(): Promise<void>;
}

/** A running headless browser; one launch can print many reports. */
export interface ReportPrinter {
  load(html: string): Promise<LoadedReport>;
  pdf(html: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Ctrl-C, a kill, a closed terminal: the browser is closed, then the signal ends the run. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** How long a stopping run waits for the browser to close before ending anyway. */
const CLOSE_GRACE_MS = 5_000;

/**
 * Starts the browser, or fails with one line: which browser did not start, what it said (its last
 * line on stderr, which names the missing library or the bad path), and what to install.
 */
async function launch(executablePath: string) {
  const { chromium } = await import('playwright-core');
  try {
    // launch() gives every run a fresh temporary profile (user-data-dir) and removes it on close.
    // The signals are ours (below): playwright's own handlers would close the browser under a
    // print in progress, which then fails as if by a bug.
    return await chromium.launch({
      executablePath, headless: true, args: [...BROWSER_ARGS], timeout: 60_000, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    });
  } catch (e) {
    const log = e instanceof Error ? e.message : String(e);
    const said = [...log.matchAll(/^\[pid=\d+\]\[err\] (.+)$/gm)].map((m) => m[1]?.trim() ?? '').filter(Boolean).pop();
    const exit = /<process did exit: exitCode=(\d+)/.exec(log)?.[1];
    const timedOut = /Timeout \d+ms exceeded/.test(log);
    const why = [exit ? `exit code ${exit}` : timedOut ? 'no answer within 60 s' : '', said ? safeText(said, 160) : ''].filter(Boolean).join(': ');
    const whyZh = [exit ? `退出码 ${exit}` : timedOut ? '60 秒内无响应' : '', said ? safeText(said, 160) : ''].filter(Boolean).join('：');
    throw new InputError([{
      path: '',
      severity: 'error',
      message: `the browser "${safeText(executablePath, 200)}" did not start${why ? ` (${why})` : ''}, so no PDF was printed: ${INSTALL_ADVICE}`,
      zh: `浏览器“${safeText(executablePath, 200)}”未能启动${whyZh ? `（${whyZh}）` : ''}，PDF 未生成：${INSTALL_ADVICE_ZH}`,
    }]);
  }
}

export async function openPrinter(executablePath: string): Promise<ReportPrinter> {
  const browser = await launch(executablePath);
  // Set once a signal arrived: a print the closing browser breaks is then no failure to report.
  let stopping = false;
  const onSignal = (signal: (typeof SIGNALS)[number]) => {
    if (stopping) return;
    stopping = true;
    unlisten();
    const closed = browser.close().catch(() => undefined);
    void Promise.race([closed, new Promise((done) => setTimeout(done, CLOSE_GRACE_MS))]).then(() => {
      // With no one else listening, the signal's own action, so the shell sees "killed by SIGTERM";
      // else the exit status a shell gives a run the signal ended.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      else process.exit(128 + osConstants.signals[signal]);
    });
  };
  const handlers = SIGNALS.map((s) => [s, () => onSignal(s)] as const);
  const unlisten = () => {
    for (const [s, h] of handlers) process.off(s, h);
  };
  for (const [s, h] of handlers) process.on(s, h);
  /** A step the stopping browser broke never settles: the signal ends the run, not an error message. */
  const guard = <T>(step: Promise<T>): Promise<T> => step.catch((e: unknown) => (stopping ? new Promise<T>(() => {}) : Promise.reject(e)));

  const load = async (html: string): Promise<LoadedReport> => {
    const context = await guard(browser.newContext({ javaScriptEnabled: false, offline: true, viewport: { width: 900, height: 1270 } }));
    const page = await guard(context.newPage());
    // Belt and braces over the page's own content security policy: nothing leaves the machine.
    await guard(page.route(/^(?!data:)/, (route) => route.abort()));
    await guard(page.setContent(html, { waitUntil: 'load' }));
    return {
      pdf: () => guard(page.pdf({ preferCSSPageSize: true, printBackground: true, format: 'A4' })),
      screenshot: () => guard(page.screenshot({ type: 'png' })),
      async fontsUsed(selector) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('DOM.enable');
        await cdp.send('CSS.enable');
        const { root } = await cdp.send('DOM.getDocument');
        const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
        const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
        return fonts.map((f) => ({ family: f.familyName, glyphs: f.glyphCount }));
      },
      close: () => guard(context.close()),
    };
  };
  return {
    load,
    async pdf(html) {
      const report = await load(html);
      try {
        return await report.pdf();
      } finally {
        await report.close();
      }
    },
    async close() {
      if (stopping) return guard(Promise.reject(new Error('stopping')));
      unlisten();
      await browser.close();
    },
  };
}

/** Prints one report: finds the browser, or fails with the one line that says how to get one. */
export async function htmlToPdf(html: string, env: Record<string, string | undefined>): Promise<Uint8Array> {
  const path = findBrowser(env);
  if (!path) throw new InputError([{ path: '', severity: 'error', message: INSTALL_HINT, zh: INSTALL_HINT_ZH }]);
  const printer = await openPrinter(path);
  try {
    return await printer.pdf(html);
  } finally {
    await printer.close();
  }
}
