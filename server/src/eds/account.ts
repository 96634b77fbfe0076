import { findAccountByIin } from '../auth/users.ts';
import type { Db } from '../db/connection.ts';
import { appendHistory } from '../history/history.ts';
import { Problem } from '../problem.ts';
import { fullNameOf, localPersonRegistry } from '../registry/registry.ts';
import type { SignerIdentity } from '../signature/verify.ts';

/** The account of a signer: the existing one (staff, officer, a returning citizen) or a new citizen's. */
export async function accountFor(db: Db, signer: SignerIdentity, now: Date): Promise<number> {
  const existing = await findAccountByIin(db, signer.iin);
  if (existing && !existing.active)
    throw new Problem(403, 'forbidden', 'This account is switched off');
  // A personal certificate makes its holder an applicant too (staff are parents as well);
  // an employee certificate signs in only to the work account.
  const roles = signer.employee
    ? (existing?.roles ?? [])
    : [...new Set([...(existing?.roles ?? []), 'applicant'])];
  if (existing && roles.length === existing.roles.length) return existing.id;
  if (!existing && roles.length === 0)
    throw new Problem(403, 'forbidden', 'No account for this employee certificate');
  const registered = await localPersonRegistry(db).find(signer.iin);
  const certificateName = [signer.surname, signer.firstName, signer.givenName]
    .filter(Boolean)
    .join(' ');
  return db.transaction().execute(async (trx) => {
    const row = existing
      ? await trx
          .updateTable('users')
          .set({ roles, updated_at: now })
          .where('id', '=', existing.id)
          .returning('id')
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('users')
          .values({
            iin: signer.iin,
            full_name: registered ? fullNameOf(registered) : certificateName || signer.commonName,
            roles,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
    await appendHistory(trx, {
      at: now,
      actor: `user:${row.id}`,
      event: existing ? 'user.roles_added_by_eds' : 'user.registered_by_eds',
      subjectType: 'user',
      subjectId: row.id,
      before: existing ? { roles: existing.roles } : null,
      after: { roles },
    });
    return row.id;
  });
}
