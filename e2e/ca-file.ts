import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Where e2e/server.ts leaves the e2e CA for the specs (tests/families.ts), one file per port so
 * that parallel runs do not collide.
 */
export const E2E_CA_FILE = path.join(
  tmpdir(),
  `kezek-e2e-ca-${process.env.E2E_PORT ?? process.env.PORT ?? 3100}.json`,
);
