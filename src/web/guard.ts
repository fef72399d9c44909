import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

// Every check of every request, in this one place. A server on loopback can be reached by every
// page the user's browser opens, so: the token (from the address once, then a SameSite=Strict
// cookie), the server's own Host (a rebound DNS name is not), the page's own Origin for anything
// that changes state, a body no larger than its route allows, and a content security policy that
// runs no inline script and fetches nothing from elsewhere.

export interface GuardOptions {
  token: string;
  /** host:port values the server answers to (127.0.0.1:4517, localhost:4517 …). */
  hosts: readonly string[];
  /** The cookie's name: one per port, since browsers share cookies across ports. */
  cookie: string;
}

/** A project (the form, a YAML file) is at most 1 MB, as `subsidy estimate` reads it. */
export const PROJECT_LIMIT = 1_000_000;
/** A batch upload (CSV or xlsx) is held in memory while it runs: at most 50 MB. */
export const UPLOAD_LIMIT = 50_000_000;

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export type Refuse = (c: Context, status: 403 | 413, message: { en: string; zh: string }) => Response;

export function guard(opts: GuardOptions, refuse: Refuse): MiddlewareHandler {
  const expected = Buffer.from(opts.token);
  const same = (given: string | undefined) => {
    if (!given) return false;
    const b = Buffer.from(given);
    return b.length === expected.length && timingSafeEqual(b, expected);
  };
  return async (c, next) => {
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    // same-origin, not no-referrer: under no-referrer a form's POST carries "Origin: null", which the Origin check refuses.
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cache-Control', 'no-store');
    const host = (c.req.header('host') ?? new URL(c.req.url).host).toLowerCase();
    if (!opts.hosts.includes(host)) {
      return refuse(c, 403, { en: `this server does not answer to the name ${host.slice(0, 80)}`, zh: `本服务不响应名称 ${host.slice(0, 80)}` });
    }
    const state = !['GET', 'HEAD'].includes(c.req.method);
    if (state) {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      if ((origin !== undefined && origin !== `http://${host}`) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
        return refuse(c, 403, { en: 'a request from another site was refused', zh: '已拒绝来自其他网站的请求' });
      }
    }
    const fromAddress = c.req.query('token');
    if (!same(getCookie(c, opts.cookie)) && !same(fromAddress)) {
      return refuse(c, 403, { en: 'no access token: open the address subsidy serve printed', zh: '缺少访问令牌：请打开 subsidy serve 显示的地址' });
    }
    if (same(fromAddress)) {
      setCookie(c, opts.cookie, opts.token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      // The token leaves the address bar (and the history) once the cookie holds it.
      if (c.req.method === 'GET') {
        const url = new URL(c.req.url);
        url.searchParams.delete('token');
        return c.redirect(`${url.pathname}${url.search}`, 303);
      }
    }
    if (state) {
      const limit = c.req.path === '/batch' ? UPLOAD_LIMIT : PROJECT_LIMIT;
      const tooLarge = () =>
        refuse(c, 413, {
          en: `the request is larger than ${limit / 1_000_000} MB, the most this page accepts here`,
          zh: `请求超过 ${limit / 1_000_000} MB，本页此处最多接受这么多`,
        });
      const length = Number(c.req.header('content-length') ?? Number.NaN);
      if (Number.isFinite(length) && length > limit) return tooLarge();
      // With no length given, the body is read up to the limit and no further.
      if (c.req.raw.body && !Number.isFinite(length)) {
        const bytes = await readUpTo(c.req.raw.body, limit);
        if (!bytes) return tooLarge();
        // A new request from the parts, not from the old one (which would keep its spent stream alive).
        const raw = c.req.raw;
        c.req.raw = new Request(raw.url, { method: raw.method, headers: raw.headers, body: bytes });
      }
    }
    await next();
  };
}

async function readUpTo(body: ReadableStream<Uint8Array>, limit: number): Promise<Blob | undefined> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      reader.releaseLock();
      break;
    }
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    parts.push(value);
  }
  return new Blob(parts as BlobPart[]);
}
