import { parseIin } from '@kezek/domain';
import type { RegistryPerson } from '@kezek/contracts';
import { chunksOf } from '../db/chunks.ts';
import type { Trx } from '../db/connection.ts';

/** Adds or refreshes people; birth date and sex come from the IIN itself. Parents must be known. */
export async function upsertPersons(trx: Trx, persons: RegistryPerson[]): Promise<void> {
  const rows = persons.map((person) => {
    const parsed = parseIin(person.iin);
    if (!parsed.ok) throw new RangeError(`invalid IIN for ${person.lastName}`);
    return {
      iin: person.iin,
      last_name: person.lastName,
      first_name: person.firstName,
      middle_name: person.middleName ?? null,
      birth_date: parsed.birthDate,
      sex: parsed.sex,
    };
  });
  for (const chunk of chunksOf(rows)) {
    await trx
      .insertInto('persons')
      .values(chunk)
      .onConflict((oc) =>
        oc.column('iin').doUpdateSet((eb) => ({
          last_name: eb.ref('excluded.last_name'),
          first_name: eb.ref('excluded.first_name'),
          middle_name: eb.ref('excluded.middle_name'),
        })),
      )
      .execute();
  }
  const links = persons.flatMap((person) =>
    (person.parentIins ?? []).map((parent) => ({ child_iin: person.iin, parent_iin: parent })),
  );
  for (const chunk of chunksOf(links)) {
    await trx
      .insertInto('person_parents')
      .values(chunk)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
