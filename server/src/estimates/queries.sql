-- The SQL that server/src/estimates/queries.ts sends, made by `npm run sql:generate`: do not edit.
-- A test fails when this file and the queries differ.

-- estimateSubject
select
  "a"."district_id",
  "a"."group_year",
  "a"."queue_class",
  (
    select
      qc.before
    from
      queue_counts (
        a.district_id,
        a.group_year,
        a.queue_class,
        a.registered_at,
        a.number,
        p.first_priority_ratio[1],
        p.first_priority_ratio[2]
      ) qc
    where
      a.status in ('queued', 'stop_listed')
  ) as "ahead"
from
  "applications" as "a"
  inner join "region_policies" as "p" on "p"."region_id" = "a"."region_id"
where
  "a"."id" = $1
  and a.id = any (
    array(
      select
        id
      from
        applications
      where
        applicant_user_id = $2
      union all
      select
        application_id
      from
        application_parents
      where
        user_id = $3
    )
  );

-- classTurnsByMonth
select
  floor(
    extract(
      epoch
      from
        ($1::timestamptz - h.at)
    ) / $2
  )::int as "month",
  count(*) as "turns"
from
  "place_batches" as "b"
  inner join "history" as "h" on h.event = 'application.turn_given'
  and h.after ->> 'placeBatch' = b.id::text
  inner join "applications" as "t" on t.id = h.subject_id::bigint
where
  "b"."district_id" = $3
  and "b"."group_year" = $4
  and "t"."queue_class" = $5
  and "h"."at" > $6
  and "h"."at" <= $7
group by
  1;
