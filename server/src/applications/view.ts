import { sql } from 'kysely';
import type { ApplicantAddress, Application, NearbyPreference } from '@kezek/contracts';
import {
  applicationActions,
  benefitCategory,
  hasReachedAge,
  localDateOf,
  placementActions,
  preferencesChangeOpen,
  type KindergartenType,
  type PriorityRatio,
} from '@kezek/domain';
import type { Db } from '../db/connection.ts';
import { preparedQuery } from '../db/prepared.ts';
import { fullNameOf } from '../db/names.ts';
import {
  DIRECTION_RULE_COLUMNS,
  directionRulesOf,
  liveDirectionOf,
  toDirection,
  type DirectionRow,
} from '../directions/view.ts';
import { notFound } from '../problem.ts';
import { heldForTurns } from '../places/held.ts';
import type { Pseudonyms } from '../pseudonym.ts';
import { numbersOfRow, QUEUE_NUMBER_COLUMNS, queueNumbersOfRow } from './queue.ts';
import { visibleTo } from '../auth/scope.ts';

type SiblingAttending = Application['siblingsAttending'][number];

export function applicationRows(db: Db) {
  return (
    db
      .selectFrom('applications as a')
      .innerJoin('districts as d', 'd.id', 'a.district_id')
      .innerJoin('persons as child', 'child.iin', 'a.child_iin')
      .innerJoin('users as u', 'u.id', 'a.applicant_user_id')
      .leftJoin('persons as applicant', 'applicant.iin', 'u.iin')
      .innerJoin('region_policies as p', 'p.region_id', 'a.region_id')
      // The newest direction, whatever its status: the screen shows it and its buttons.
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('directions as nd')
            .innerJoin('kindergartens as dk', 'dk.id', 'nd.kindergarten_id')
            .select([
              'nd.id as direction_id',
              'nd.number as direction_number',
              'nd.group_year as direction_group_year',
              'nd.language as direction_language',
              'nd.status as direction_status',
              'nd.issued_at as direction_issued_at',
              'nd.expires_at as direction_expires_at',
              'nd.extended_until as direction_extended_until',
              'nd.queue_number as direction_queue_number',
              'dk.id as direction_kindergarten_id',
              'dk.name_kk as direction_name_kk',
              'dk.name_ru as direction_name_ru',
              'dk.type as direction_kindergarten_type',
            ])
            .whereRef('nd.application_id', '=', 'a.id')
            .orderBy('nd.id', 'desc')
            .limit(sql.lit(1))
            .as('nd'),
        (join) => join.onTrue(),
      )
      // The kindergarten types with places open to it now (placeRefusal): its turn's batch, or
      // free choice where a place is left beside those held for running turns.
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('place_batches as b')
            .innerJoin('kindergartens as bk', 'bk.id', 'b.kindergarten_id')
            .select(sql<string[] | null>`array_agg(distinct bk.type)`.as('offered_types'))
            .whereRef('b.district_id', '=', 'a.district_id')
            .whereRef('b.group_year', '=', 'a.group_year')
            .where('b.free', '>', sql.lit(0))
            .where(sql<boolean>`a.status in ('queued', 'turn')`)
            .where((w) =>
              w.or([
                w('b.id', '=', w.ref('a.turn_batch_id')),
                w.and([
                  w('b.state', '=', sql.lit('free_choice')),
                  w('b.free', '>', heldForTurns('b')),
                ]),
              ]),
            )
            .as('offers'),
        (join) => join.onTrue(),
      )
      // The child's siblings attending a kindergarten (docs/rules.md, "Siblings"): the person
      // registry's parents link them, an enrolment not departed says where.
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('person_parents as mine')
            .innerJoin('person_parents as theirs', (join) =>
              join
                .onRef('theirs.parent_iin', '=', 'mine.parent_iin')
                .onRef('theirs.child_iin', '<>', 'mine.child_iin'),
            )
            .innerJoin('enrolments as se', 'se.child_iin', 'theirs.child_iin')
            .innerJoin('kindergartens as sk', 'sk.id', 'se.kindergarten_id')
            .innerJoin('persons as sibling', 'sibling.iin', 'theirs.child_iin')
            .select(
              sql<SiblingAttending[] | null>`jsonb_agg(distinct jsonb_build_object(
                'fullName', ${fullNameOf('sibling')},
                'kindergarten', jsonb_build_object('kk', sk.name_kk, 'ru', sk.name_ru)))`.as(
                'siblings_attending',
              ),
            )
            .whereRef('mine.child_iin', '=', 'a.child_iin')
            .where('se.departed_on', 'is', null)
            .as('sib'),
        (join) => join.onTrue(),
      )
      // The ranked kindergartens, best first (docs/rules.md, "Ranked preferences").
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('application_preferences as ap')
            .innerJoin('kindergartens as pk', 'pk.id', 'ap.kindergarten_id')
            .select(
              sql<Application['preferences'] | null>`jsonb_agg(jsonb_build_object(
                'rank', ap.rank,
                'kindergarten', jsonb_build_object('id', pk.id,
                  'name', jsonb_build_object('kk', pk.name_kk, 'ru', pk.name_ru)))
                order by ap.rank)`.as('preferences'),
            )
            .whereRef('ap.application_id', '=', 'a.id')
            .as('pref'),
        (join) => join.onTrue(),
      )
      // "Any within N km of home" after them.
      .leftJoin('application_nearby as near', 'near.application_id', 'a.id')
      // The queue numbers in the same statement, by primary key (or counted while renumbering).
      .leftJoinLateral(queueNumbersOfRow.as('qn'), (join) => join.onTrue())
      .selectAll('a')
      .select([
        'offers.offered_types',
        'sib.siblings_attending',
        'pref.preferences',
        'near.radius_km as nearby_radius_km',
        'near.home_lat as nearby_home_lat',
        'near.home_lon as nearby_home_lon',
        'nd.direction_id',
        'nd.direction_number',
        'nd.direction_group_year',
        'nd.direction_language',
        'nd.direction_status',
        'nd.direction_issued_at',
        'nd.direction_expires_at',
        'nd.direction_extended_until',
        'nd.direction_queue_number',
        'nd.direction_kindergarten_id',
        'nd.direction_name_kk',
        'nd.direction_name_ru',
        'nd.direction_kindergarten_type',
        ...DIRECTION_RULE_COLUMNS,
        'p.private_min_age_years',
        'p.allocation',
        'd.name_kk as district_kk',
        'd.name_ru as district_ru',
        'd.name_en as district_en',
        fullNameOf('child').as('child_name'),
        'child.birth_date as child_birth_date',
        'u.iin as applicant_iin',
        'u.full_name as applicant_name',
        'applicant.birth_date as applicant_birth_date',
        'p.first_priority_ratio',
        ...QUEUE_NUMBER_COLUMNS,
      ])
  );
}

type ApplicationRow = Awaited<ReturnType<ReturnType<typeof applicationRows>['execute']>>[number];

function newestDirection(row: ApplicationRow): DirectionRow | null {
  if (row.direction_id === null) return null;
  return {
    id: row.direction_id,
    number: row.direction_number!,
    application_id: row.id,
    group_year: row.direction_group_year!,
    language: row.direction_language!,
    status: row.direction_status!,
    issued_at: row.direction_issued_at!,
    expires_at: row.direction_expires_at!,
    extended_until: row.direction_extended_until,
    kindergarten_id: row.direction_kindergarten_id!,
    name_kk: row.direction_name_kk!,
    name_ru: row.direction_name_ru!,
    type: row.direction_kindergarten_type!,
    benefit_code: row.benefit_code,
  };
}

export function toApplication(row: ApplicationRow, now: Date, pseudonyms: Pseudonyms): Application {
  const numbers = numbersOfRow(
    row.queue_class,
    row,
    row.first_priority_ratio as unknown as PriorityRatio,
  );
  const category = row.benefit_code ? benefitCategory(row.benefit_code) : undefined;
  const status = row.status;
  const direction = newestDirection(row);
  const placement = placementActions({
    status,
    offeredTypes: (row.offered_types ?? []) as KindergartenType[],
    privateAgeReached: hasReachedAge(
      row.child_birth_date,
      localDateOf(now),
      row.private_min_age_years,
    ),
    direction: direction && liveDirectionOf(direction),
    revokeHours: row.revoke_hours,
    lastTurnDeclinedAt: row.turn_declined_at,
    now,
  });
  return {
    id: row.id,
    number: row.number,
    pseudonym: pseudonyms.of(row.id),
    status: row.status as Application['status'],
    district: {
      id: row.district_id,
      name: { kk: row.district_kk, ru: row.district_ru, en: row.district_en },
    },
    child: { iin: row.child_iin, fullName: row.child_name, birthDate: row.child_birth_date },
    applicant: {
      iin: row.applicant_iin,
      fullName: row.applicant_name,
      birthDate: row.applicant_birth_date,
      email: row.email,
      phone: row.phone,
      extraEmail: row.extra_email,
      extraPhone: row.extra_phone,
      address: row.address,
      addressParts: row.address_parts as ApplicantAddress | null,
    },
    benefit: {
      categoryCode: row.benefit_code,
      class: category?.class ?? null,
      status: row.benefit_status as Application['benefit']['status'],
    },
    groupYear: row.group_year,
    ...numbers,
    // While a direction is issued, the number the child had at the choice (seed 002, fig. 6).
    ...(status === 'direction_issued' && row.direction_queue_number !== null
      ? { queueNumber: row.direction_queue_number }
      : {}),
    registeredAt: row.registered_at.toISOString(),
    pepNumber: row.pep_number,
    conNumber: row.con_number,
    lastChangedAt: row.last_changed_at.toISOString(),
    interestConfirmedUntil: row.interest_confirmed_until.toISOString(),
    stopListedUntil: row.stop_listed_until?.toISOString() ?? null,
    turnUntil: row.turn_until?.toISOString() ?? null,
    wantedFrom: row.wanted_from?.slice(0, 7) ?? null,
    preferences: row.preferences ?? [],
    nearby:
      row.nearby_radius_km === null
        ? null
        : {
            radiusKm: row.nearby_radius_km as NearbyPreference['radiusKm'],
            home: { lat: row.nearby_home_lat!, lon: row.nearby_home_lon! },
          },
    siblingsAttending: [...(row.siblings_attending ?? [])].sort((x, y) =>
      x.fullName.localeCompare(y.fullName),
    ),
    direction: direction && toDirection(direction, directionRulesOf(row), now),
    actions: [
      ...applicationActions(status),
      ...(preferencesChangeOpen(status, row.allocation === 'ranked')
        ? (['changePreferences'] as const)
        : []),
      ...placement,
    ],
  };
}

// Prepared: a journal read is planned once per connection, not on every request.
const journalRows = preparedQuery('journal', (db, userId: number) =>
  applicationRows(db).where(visibleTo(userId)).orderBy('a.id', 'desc'),
);
const applicationRow = preparedQuery('application', (db, userId: number, id: string) =>
  applicationRows(db).where('a.id', '=', id).where(visibleTo(userId)),
);

export async function journalOf(
  db: Db,
  userId: number,
  now: Date,
  pseudonyms: Pseudonyms,
): Promise<Application[]> {
  return (await journalRows(db, userId)).map((row) => toApplication(row, now, pseudonyms));
}

export async function applicationFor(
  db: Db,
  userId: number,
  id: string,
  now: Date,
  pseudonyms: Pseudonyms,
): Promise<Application> {
  const [row] = await applicationRow(db, userId, id);
  if (!row) throw notFound();
  return toApplication(row, now, pseudonyms);
}

export async function mayReadApplication(db: Db, userId: number, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('applications as a')
    .select('a.id')
    .where('a.id', '=', id)
    .where(visibleTo(userId))
    .executeTakeFirst();
  return row !== undefined;
}
