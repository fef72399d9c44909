import type { Command } from 'commander';

/** STUB (issue 4): `subsidy template csv|yaml`. */
export function registerTemplate(_program: Command) {}
