// Preloaded into a measured process (node --import ./bench/rss.mjs …): on exit, writes the
// process's peak resident set size (kB) to $BENCH_RSS_FILE, so the benchmark needs no /usr/bin/time.
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_RSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
