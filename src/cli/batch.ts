import type { Command } from 'commander';

/** STUB (issue 4): `subsidy batch`. */
export function registerBatch(_program: Command) {}
