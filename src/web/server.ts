import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { createAdaptorServer } from '@hono/node-server';
import { InputError, type Policy } from '../index.js';
import { createApp } from './app.js';

// The workbench on a port: loopback unless another address is asked for, a fresh random token
// each start, and the names the server answers to (its Host check) fixed from what it is bound to.

export interface ServeOptions {
  policy: Policy;
  port: number;
  host: string;
  toolVersion: string;
  env: Record<string, string | undefined>;
  /** A token to use instead of a random one (tests). */
  token?: string;
}

export interface Running {
  /** The address to open, with the token. */
  url: string;
  port: number;
  close: () => Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export const isLoopback = (host: string) => LOOPBACK.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);

/** host:port names a browser may send for this server (an IPv6 address in brackets). */
export function hostNames(host: string, port: number): string[] {
  const names = new Set<string>();
  const add = (h: string) => names.add(`${h.includes(':') && !h.startsWith('[') ? `[${h}]` : h}:${port}`.toLowerCase());
  if (isLoopback(host)) ['127.0.0.1', 'localhost', '::1'].forEach(add);
  add(host);
  if (host === '0.0.0.0' || host === '::') {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) add(a.address);
    add('localhost');
  }
  return [...names];
}

export async function startServer(opts: ServeOptions): Promise<Running> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  // The app is made once the port is known (--port 0 picks one): its Host check and cookie name need it.
  let app: ReturnType<typeof createApp> | undefined;
  const server = createAdaptorServer({ fetch: (req: Request) => (app as ReturnType<typeof createApp>).fetch(req) }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const why =
        e.code === 'EADDRINUSE'
          ? { en: `port ${opts.port} is in use: choose another with --port`, zh: `端口 ${opts.port} 已被占用：请用 --port 换一个` }
          : e.code === 'EACCES'
            ? { en: `no permission to listen on port ${opts.port}: choose one above 1023`, zh: `无权使用端口 ${opts.port}：请选 1023 以上的端口` }
            : { en: `cannot listen on ${opts.host}:${opts.port} (${e.code ?? e.message})`, zh: `无法在 ${opts.host}:${opts.port} 上监听（${e.code ?? e.message}）` };
      reject(new InputError([{ path: '--port', severity: 'error', message: why.en, zh: why.zh }]));
    });
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  app = createApp({ policy: opts.policy, token, hosts: hostNames(opts.host, port), cookie: `subsidy-${port}`, toolVersion: opts.toolVersion, env: opts.env });
  const shown = opts.host === '0.0.0.0' || opts.host === '::' ? firstExternal() ?? opts.host : opts.host;
  const h = shown.includes(':') ? `[${shown}]` : shown;
  return {
    url: `http://${h}:${port}/?token=${token}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

function firstExternal(): string | undefined {
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') return a.address;
  return undefined;
}
