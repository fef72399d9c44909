/**
 * An error the engine should never raise, as one line of a batch row's or a test case's problems:
 * one input the engine cannot take fails alone, and the other rows or cases are still run.
 */
export function unexpected(e: unknown): string {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]?.slice(0, 200);
  return `could not be evaluated: ${message} (an unexpected failure: please report it)`;
}
