import { unlinkSync } from 'node:fs';
import { constants } from 'node:os';

// Temporary files being written, removed however the run ends: an error (the writer removes its
// own), Ctrl-C or a kill (SIGINT, SIGTERM, SIGHUP: removed here, then the signal does what it
// would have done), or an exit from anywhere else (removed on 'exit'). The file being replaced
// is never touched until the temporary one is complete, so it is as it was.

const temps = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Signal = (typeof SIGNALS)[number];

function removeAll(): void {
  for (const file of temps) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
  temps.clear();
}

function onSignal(signal: Signal): void {
  removeAll();
  uninstall();
  // With no one else listening, the signal's own action: the shell sees "killed by SIGTERM".
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  else process.exit(128 + constants.signals[signal]);
}

const handlers = new Map(SIGNALS.map((s) => [s, () => onSignal(s)]));

function install(): void {
  for (const [signal, handler] of handlers) process.on(signal, handler);
  process.on('exit', removeAll);
}

function uninstall(): void {
  for (const [signal, handler] of handlers) process.off(signal, handler);
  process.off('exit', removeAll);
}

/** A temporary file now exists: remove it if the process is stopped before it is done with. */
export function trackTemporary(file: string): void {
  if (temps.size === 0) install();
  temps.add(file);
}

/** The temporary file was renamed into place or removed. */
export function untrackTemporary(file: string): void {
  if (!temps.delete(file)) return;
  if (temps.size === 0) uninstall();
}
