import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/index.js';
import { BROWSER_ARGS } from '../src/io/pdf.js';
import { BIN, ROOT } from './helpers/cli.js';
import { reachesOut } from './helpers/strace-net.js';

// The browser that prints a PDF reaches nothing, name servers included (issue 21): watched with
// strace while it prints a page that asks for everything a page can ask for. And a run stopped
// while printing ends by its signal, with the browser gone, as any other command does.

const browser = findBrowser(process.env);
const strace = spawnSync('strace', ['-V']).error === undefined;
const dir = mkdtempSync(join(tmpdir(), 'subsidy-pdf-net-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading strace for reaches out of the machine', () => {
  const lines = [
    '101 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 18',
    '101 connect(18, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16 <unfinished ...>',
    '102 close(7) = 0',
    '101 <... connect resumed>) = 0',
  ];
  const probe = [
    '201 socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP) = 19',
    '201 connect(19, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28) = 0',
    '201 getsockname(19, {sa_family=AF_INET6, sin6_port=htons(45413), inet_pton(AF_INET6, "fd00::2", &sin6_addr), sin6_scope_id=0}, [128 => 28]) = 0',
  ];
  it('finds a DNS query, even split across two lines', () => {
    expect(reachesOut(lines.join('\n'))).toEqual(['a DNS query: connect(18, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16 ) = 0']);
  });
  it('lets a UDP socket connect to learn its route, but not send on it', () => {
    expect(reachesOut([...probe, '201 close(19) = 0'].join('\n'))).toEqual([]);
    expect(reachesOut([...probe, '201 write(19, "x", 1) = 1'].join('\n'))).toEqual(['data sent on a socket connected out: write(19, "x", 1) = 1']);
  });
  it('finds a TCP connection or a datagram to a public address, and allows loopback', () => {
    const tcp = '301 connect(5, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("93.184.216.34")}, 16) = -1 EINPROGRESS (Operation now in progress)';
    const udp = '302 sendto(6, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(443), inet_pton(AF_INET6, "2606:4700::1", &sin6_addr)}, 28) = 1';
    const local = '303 connect(7, {sa_family=AF_INET, sin_port=htons(9222), sin_addr=inet_addr("127.0.0.1")}, 16) = 0';
    expect(reachesOut([tcp, udp, local].join('\n'))).toEqual([`a connection out: ${tcp.slice(4)}`, `a datagram out: ${udp.slice(4)}`]);
  });
});

describe('the printing browser', () => {
  it('starts with host names resolving to nothing (no EXCLUDE), and DNS prefetch, pings and background networking off', () => {
    expect(BROWSER_ARGS).toEqual(expect.arrayContaining(['--host-resolver-rules=MAP * ~NOTFOUND', '--dns-prefetch-disable', '--no-pings', '--disable-background-networking', '--no-proxy-server']));
    expect(BROWSER_ARGS.join(' ')).not.toMatch(/EXCLUDE/);
  });

  it.skipIf(!browser || !strace)(
    'makes no DNS lookup and no connection out while printing a page that asks for images, styles, fonts, frames and prefetches from the network',
    () => {
      const dist = join(ROOT, 'dist', 'index.js');
      expect(existsSync(dist), 'npm run build first: the traced printer is the built one').toBe(true);
      const hostile = `<!DOCTYPE html><html><head><link rel="dns-prefetch" href="//prefetch.example.invalid"><link rel="preconnect" href="http://preconnect.example.invalid">
<link rel="stylesheet" href="http://css.example.invalid/a.css"><style>@font-face { font-family: F; src: url(http://font.example.invalid/f.woff2); } body { font-family: F; background: url(http://bg.example.invalid/b.png); }</style></head>
<body><p>Report</p><img src="http://example.invalid/x.png"><img src="https://93.184.216.34/y.png"><iframe src="http://frame.example.invalid/"></iframe><a href="http://link.example.invalid/" ping="http://ping.example.invalid/">link</a></body></html>`;
      const script = join(dir, 'print.mjs');
      writeFileSync(
        script,
        `const { openPrinter } = await import(${JSON.stringify(pathToFileURL(dist).href)});
const printer = await openPrinter(${JSON.stringify(browser)});
const pdf = await printer.pdf(${JSON.stringify(hostile)});
await printer.close();
console.log('printed', pdf.length > 1000 && Buffer.from(pdf.subarray(0, 5)).toString() === '%PDF-');\n`,
      );
      const log = join(dir, 'net.log');
      const r = spawnSync('strace', ['-f', '-qq', '-o', log, '-e', 'trace=socket,connect,sendto,sendmsg,sendmmsg,write,writev,close', process.execPath, script], { encoding: 'utf8', timeout: 150_000 });
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('printed true\n');
      const traced = readFileSync(log, 'utf8');
      // The trace saw the browser's own sockets (its IPC), so it was watching the right processes.
      expect(traced).toMatch(/socket\(AF_UNIX/);
      expect(reachesOut(traced)).toEqual([]);
    },
    180_000,
  );
});

/** The pids of a process's children (the browser, once it has started). */
function children(pid: number): number[] {
  const r = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe.skipIf(!browser)('stopping a PDF being printed', () => {
  it('SIGTERM while the browser prints: the run ends by the signal (143 in a shell), says nothing, leaves no PDF and no browser', async () => {
    const out = join(dir, 'stopped.pdf');
    const child: ChildProcess = spawn(process.execPath, [BIN, 'estimate', 'examples/ev-battery-renovation.yaml', '--as-of', '2020-12-31', '--format', 'pdf', '-o', out], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LANG: 'C', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    // Wait for the browser to be running under the CLI, then a moment for the print to begin.
    let started: number[] = [];
    for (let i = 0; i < 300 && started.length === 0; i++) {
      await sleep(100);
      started = children(child.pid as number);
    }
    expect(started.length, 'the browser never started').toBeGreaterThan(0);
    await sleep(500);
    child.kill('SIGTERM');
    const { code, signal } = await ended;
    expect({ code, signal, stderr }).toEqual({ code: null, signal: 'SIGTERM', stderr: '' });
    expect(existsSync(out)).toBe(false);
    // The browser was closed before the run ended (give the kernel a moment to reap it).
    for (let i = 0; i < 150 && started.some(alive); i++) await sleep(100);
    expect(started.filter(alive)).toEqual([]);
  }, 60_000);
});
