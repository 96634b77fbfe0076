import { isWorkRole, rolesInEffect, withCitizenRole } from '@kezek/domain';
import { findAccountByIin } from '../auth/users.ts';
import type { Db } from '../db/connection.ts';
import { appendHistory } from '../history/history.ts';
import { Problem } from '../problem.ts';
import { fullNameOf, localPersonRegistry } from '../registry/registry.ts';
import type { SignerIdentity } from '../signature/verify.ts';

/** The account of a signer: the existing one (staff, officer, a returning citizen) or a new citizen's. */
export async function accountFor(db: Db, signer: SignerIdentity, now: Date): Promise<number> {
  const existing = await findAccountByIin(db, signer.iin);
  // A personal certificate makes its holder an applicant too (staff are parents as well), also
  // once the work is switched off; an employee certificate signs in only to an active work account
  // (docs/rules.md, "Accounts and roles").
  if (signer.employee) {
    if (!existing || rolesInEffect(existing.roles.filter(isWorkRole), existing.active).length === 0)
      throw new Problem(403, 'forbidden', 'No active work account for this employee certificate');
    return existing.id;
  }
  const roles = withCitizenRole(existing?.roles ?? []);
  if (existing && roles.length === existing.roles.length) return existing.id;
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
