// Reads `strace -f -e trace=socket,connect,sendto,sendmsg,sendmmsg,write,writev,close` output and
// names every way a traced process reached out: a DNS query (anything to port 53), a stream
// connection or a datagram to an address that is not loopback. One thing is allowed: a datagram
// socket connected to a public address and closed without a byte sent. Connecting a UDP socket
// sends nothing; Chromium does it to learn which local address a route would use (its IPv6
// probe to 2001:4860:4860::8888), and no switch turns that off.

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** Each call whole: strace splits a call that another thread interrupts into "<unfinished ...>" and "<... resumed>". */
function calls(log: string): { tid: string; call: string }[] {
  const pending = new Map<string, string>();
  const out: { tid: string; call: string }[] = [];
  for (const line of log.split('\n')) {
    const m = /^(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, tid = '', rest = ''] = m;
    if (rest.endsWith('<unfinished ...>')) {
      pending.set(tid, rest.slice(0, -'<unfinished ...>'.length));
      continue;
    }
    const resumed = /^<\.\.\. \w+ resumed>(.*)$/.exec(rest);
    if (resumed) {
      out.push({ tid, call: `${pending.get(tid) ?? ''}${resumed[1]}` });
      pending.delete(tid);
      continue;
    }
    out.push({ tid, call: rest });
  }
  return out;
}

function address(call: string): { family: string; port: number; host: string } | undefined {
  const family = /sa_family=(AF_INET6?)\b/.exec(call)?.[1];
  if (!family) return undefined;
  const port = Number(/sin6?_port=htons\((\d+)\)/.exec(call)?.[1] ?? -1);
  const host = /inet_addr\("([^"]+)"\)/.exec(call)?.[1] ?? /inet_pton\(AF_INET6, "([^"]+)"/.exec(call)?.[1] ?? '';
  return { family, port, host };
}

/** Every reach out of the machine in the log, one line each; none when the traced run reached nothing. */
export function reachesOut(log: string): string[] {
  const found: string[] = [];
  /** Datagram sockets per thread and fd; those connected to a public address, until closed. */
  const datagram = new Set<string>();
  const probing = new Set<string>();
  for (const { tid, call } of calls(log)) {
    const name = /^(\w+)\(/.exec(call)?.[1];
    const fd = /^\w+\((\d+)/.exec(call)?.[1];
    const key = `${tid}:${fd}`;
    if (name === 'socket') {
      const made = /= (\d+)$/.exec(call)?.[1];
      if (/AF_INET6?, SOCK_DGRAM/.test(call) && made) datagram.add(`${tid}:${made}`);
      continue;
    }
    if (name === 'close') {
      datagram.delete(key);
      probing.delete(key);
      continue;
    }
    const to = address(call);
    if (to && to.port === 53) {
      found.push(`a DNS query: ${call}`);
      continue;
    }
    if (name === 'connect' && to && !LOOPBACK.test(to.host)) {
      if (datagram.has(key)) probing.add(key);
      else found.push(`a connection out: ${call}`);
      continue;
    }
    if ((name === 'sendto' || name === 'sendmsg' || name === 'sendmmsg') && to && !LOOPBACK.test(to.host)) {
      found.push(`a datagram out: ${call}`);
      continue;
    }
    if (['sendto', 'sendmsg', 'sendmmsg', 'write', 'writev'].includes(name ?? '') && probing.has(key)) found.push(`data sent on a socket connected out: ${call}`);
  }
  return found;
}
