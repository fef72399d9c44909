import type { Writable } from 'node:stream';

// Waiting on an output stream without hanging when it fails or closes first (a reader that went
// away, a full disk): the CSV, JSON and workbook writers all wait this way.

/** `p`, unless `out` fails or closes first (then nothing would ever resolve it). */
export function whileOpen<T>(p: Promise<T>, out: Writable): Promise<T> {
  const closed = () => Object.assign(new Error('the output was closed'), { code: 'EPIPE' });
  if (out.destroyed) return Promise.reject(out.errored ?? closed());
  return new Promise<T>((resolve, reject) => {
    const onError = (e: Error) => settle(() => reject(e));
    const onClose = () => settle(() => reject(closed()));
    const settle = (then: () => void) => {
      out.off('error', onError);
      out.off('close', onClose);
      then();
    };
    out.once('error', onError);
    out.once('close', onClose);
    p.then(
      (v) => settle(() => resolve(v)),
      (e) => settle(() => reject(e)),
    );
  });
}

/** Resolves when `out` can take more, rejects when it fails or closes first. */
export function drained(out: Writable): Promise<void> {
  return whileOpen(new Promise<void>((resolve) => out.once('drain', () => resolve())), out);
}
