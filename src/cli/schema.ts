import type { Command } from 'commander';

/** STUB (issue 5): `subsidy schema policy|project`. */
export function registerSchema(_program: Command) {}
