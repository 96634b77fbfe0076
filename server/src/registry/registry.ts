import type { Db } from '../db/connection.ts';

export interface RegistryRecord {
  iin: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  birthDate: string;
  sex: 'male' | 'female';
}

/** The person registry (ГБД ФЛ). The national service would sit behind the same interface. */
export interface PersonRegistry {
  find(iin: string): Promise<RegistryRecord | null>;
  isParentOf(parentIin: string, childIin: string): Promise<boolean>;
  childrenOf(parentIin: string): Promise<RegistryRecord[]>;
}

const columns = ['iin', 'last_name', 'first_name', 'middle_name', 'birth_date', 'sex'] as const;

function toRecord(row: {
  iin: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string;
  sex: string;
}): RegistryRecord {
  return {
    iin: row.iin,
    lastName: row.last_name,
    firstName: row.first_name,
    middleName: row.middle_name,
    birthDate: row.birth_date,
    sex: row.sex as RegistryRecord['sex'],
  };
}

/** The local copy kept in the `persons` and `person_parents` tables. */
export function localPersonRegistry(db: Db): PersonRegistry {
  return {
    async find(iin) {
      const row = await db
        .selectFrom('persons')
        .select(columns)
        .where('iin', '=', iin)
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async isParentOf(parentIin, childIin) {
      const row = await db
        .selectFrom('person_parents')
        .select('child_iin')
        .where('parent_iin', '=', parentIin)
        .where('child_iin', '=', childIin)
        .executeTakeFirst();
      return row !== undefined;
    },
    async childrenOf(parentIin) {
      const rows = await db
        .selectFrom('persons')
        .innerJoin('person_parents', 'person_parents.child_iin', 'persons.iin')
        .select(columns.map((column) => `persons.${column}` as const))
        .where('person_parents.parent_iin', '=', parentIin)
        .orderBy('persons.birth_date')
        .execute();
      return rows.map(toRecord);
    },
  };
}

export function fullNameOf(record: RegistryRecord): string {
  return [record.lastName, record.firstName, record.middleName].filter(Boolean).join(' ');
}
