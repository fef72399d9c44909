import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { InputError } from '../errors/problem.js';

// The client report as PDF: the HTML report printed by a headless Chromium already on the
// machine. We never download a browser; playwright-core only drives the one we find, and is
// loaded only when a PDF is asked for, so no other command pays for it.

/** The names Chromium and Chrome go by on PATH, in the order we try them. */
export const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const;

export const INSTALL_HINT =
  'no Chromium or Chrome found to print the PDF: install one (Debian/Ubuntu: apt-get install chromium fonts-noto-cjk) or set CHROME_PATH to its executable';

/**
 * Switches that keep a headless run private and quiet: no GPU, no background fetches (updates,
 * sync, safe browsing lists), no first-run pages. The report itself fetches nothing.
 */
export const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
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
      throw new InputError([{ path: 'CHROME_PATH', severity: 'error', message: `"${named}" is not an executable file; point it at chromium or google-chrome, or unset it` }]);
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

export async function openPrinter(executablePath: string): Promise<ReportPrinter> {
  const { chromium } = await import('playwright-core');
  // launch() gives every run a fresh temporary profile (user-data-dir) and removes it on close.
  const browser = await chromium.launch({ executablePath, headless: true, args: [...BROWSER_ARGS], timeout: 60_000 });
  const load = async (html: string): Promise<LoadedReport> => {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true, viewport: { width: 900, height: 1270 } });
    const page = await context.newPage();
    // Belt and braces over the page's own content security policy: nothing leaves the machine.
    await page.route(/^(?!data:)/, (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return {
      pdf: () => page.pdf({ preferCSSPageSize: true, printBackground: true, format: 'A4' }),
      screenshot: () => page.screenshot({ type: 'png' }),
      async fontsUsed(selector) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('DOM.enable');
        await cdp.send('CSS.enable');
        const { root } = await cdp.send('DOM.getDocument');
        const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
        const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
        return fonts.map((f) => ({ family: f.familyName, glyphs: f.glyphCount }));
      },
      close: () => context.close(),
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
    close: () => browser.close(),
  };
}

/** Prints one report: finds the browser, or fails with the one line that says how to get one. */
export async function htmlToPdf(html: string, env: Record<string, string | undefined>): Promise<Uint8Array> {
  const path = findBrowser(env);
  if (!path) throw new InputError([{ path: '', severity: 'error', message: INSTALL_HINT }]);
  const printer = await openPrinter(path);
  try {
    return await printer.pdf(html);
  } finally {
    await printer.close();
  }
}
