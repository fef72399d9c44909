// Preloaded into a measured process (node --import ./bench/rss.mjs …): on exit, writes the
// process's peak resident set size (kB) and CPU time (µs, user + system) to $BENCH_RSS_FILE, so the
// benchmark needs no /usr/bin/time, and its rates can be given per CPU second on a busy machine.
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(target, `${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}`);
  });
}
