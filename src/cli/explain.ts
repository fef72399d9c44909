import type { Command } from 'commander';

/** STUB (issue 6): `subsidy explain`. */
export function registerExplain(_program: Command) {}
