import type { CommandContext } from '../context.ts';
import { appendHistory } from '../history/history.ts';

/** The person's own e-mail and phone changed, with the history row of the change. */
export async function changeContacts(
  { db, clock, user }: CommandContext,
  changes: { email?: string | null | undefined; phone?: string | null | undefined },
): Promise<void> {
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ ...changes, updated_at: now })
      .where('id', '=', user.id)
      .execute();
    await appendHistory(trx, {
      at: now,
      actor: `user:${user.id}`,
      event: 'user.contacts_changed',
      subjectType: 'user',
      subjectId: user.id,
      before: { email: user.email, phone: user.phone },
      after: changes,
    });
  });
}
