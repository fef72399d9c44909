import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

// Where the browser tests keep the pictures a person looks at (report pages, workbench screenshots).
// The committed ones in test/output/ are renewed only when asked (UPDATE_PICTURES=1), so that an
// ordinary `npm test`, on a machine with other fonts, leaves the working tree as it was; otherwise
// they go to test/output/latest/ (ignored), to be looked at all the same.
export const PICTURES = process.env.UPDATE_PICTURES ? join(ROOT, 'test', 'output') : join(ROOT, 'test', 'output', 'latest');
mkdirSync(PICTURES, { recursive: true });
