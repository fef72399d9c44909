import type { Command } from 'commander';

/** STUB (issue 5): `subsidy policy check|test|diff`. */
export function registerPolicy(_program: Command) {}
