import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { langOption, openPolicyArg, policyOption, resolveLang } from './common.js';
import type { Session } from './io.js';

// `subsidy serve`: the workbench in a browser on this machine. Thin: options → the web room.

export interface ServeCommandOptions {
  port: number;
  host: string;
  open?: boolean;
  policy?: string;
  lang?: 'zh' | 'en';
}

export const DEFAULT_PORT = 4517;

function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535 (0 picks a free one)');
  return n;
}

export function registerServe(program: Command, session: Session) {
  return program
    .command('serve')
    .description('open the workbench: a page on this machine where the case is filled in and the estimate changes as you type')
    .addOption(new Option('--port <n>', 'port to listen on (0 picks a free one)').argParser(parsePort).default(DEFAULT_PORT))
    .addOption(new Option('--host <address>', 'address to listen on; anything but 127.0.0.1 lets other machines reach the page').default('127.0.0.1'))
    .option('--open', 'open the page in the default browser')
    .addOption(policyOption())
    .addOption(langOption())
    .action(async (opts: ServeCommandOptions, command: Command) => {
      const policy = await openPolicyArg(opts.policy, session);
      const { startServer, isLoopback } = await import('../web/server.js');
      let root = command;
      while (root.parent) root = root.parent;
      // --lang is for what this command prints; the page follows the browser's language, with a switch.
      const zh = resolveLang(opts.lang, session) === 'zh';
      if (!isLoopback(opts.host)) {
        session.err(
          zh
            ? `警告：--host ${opts.host} 使本页可从网络上的其他机器访问；任何拿到下面地址（含令牌）的人都能使用它\n`
            : `warning: --host ${opts.host} lets other machines on the network reach the page; anyone with the address below (and its token) can use it\n`,
        );
      }
      // Listening for Ctrl-C and a kill before the address is printed: whoever reads it may stop us at once.
      let stop = () => {};
      const stopped = new Promise<void>((resolve) => {
        stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      let running: Awaited<ReturnType<typeof startServer>>;
      try {
        running = await startServer({ policy, port: opts.port, host: opts.host, toolVersion: root.version() ?? '', env: session.io.env });
      } catch (e) {
        stop();
        throw e;
      }
      session.out(`${running.url}\n`);
      if (opts.open) openBrowser(running.url, session, zh);
      // Until Ctrl-C or a kill: then the server stops and the command ends normally (exit 0).
      await stopped;
      await running.close();
    });
}

/** The desktop's opener for an address (xdg-open, open, start), if the machine has one. */
function openBrowser(url: string, session: Session, zh: boolean): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? undefined : onPath('xdg-open', session.io.env.PATH);
  if (process.platform === 'win32') {
    spawn('cmd', ['/c', 'start', '""', url], { detached: true, stdio: 'ignore' }).unref();
    return;
  }
  if (!opener) {
    session.err(zh ? '没有找到打开浏览器的程序（xdg-open）：请自己打开上面的地址\n' : 'no way to open a browser here (no xdg-open): open the address above yourself\n');
    return;
  }
  const child = spawn(opener, [url], { detached: true, stdio: 'ignore' });
  child.on('error', () => session.err(zh ? '无法打开浏览器：请自己打开上面的地址\n' : 'could not open a browser: open the address above yourself\n'));
  child.unref();
}

function onPath(name: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}
