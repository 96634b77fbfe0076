import type { SignedInUser } from './auth/users.ts';
import type { Clock } from './clock.ts';
import type { Db } from './db/connection.ts';

/**
 * What a command needs of whoever calls it: the database, the clock and the person acting. A
 * route makes it from its request (`commandContext`); a job or a test makes its own, without HTTP.
 */
export interface CommandContext {
  db: Db;
  clock: Clock;
  user: SignedInUser;
}
