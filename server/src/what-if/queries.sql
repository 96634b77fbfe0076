-- The SQL that server/src/what-if/queries.ts sends, made by `npm run sql:generate`: do not edit.
-- A test fails when this file and the queries differ.

-- districtOfKindergarten
select
  "district_id"
from
  "kindergartens"
where
  "id" = $1;

-- insertHypotheticalKindergarten
insert into
  "kindergartens" (
    "district_id",
    "name_kk",
    "name_ru",
    "type",
    "languages",
    "address",
    "created_at",
    "updated_at"
  )
values
  ($1, $2, $3, $4, $5, $6, $7, $8)
returning
  "id";

-- turnsOfBatch
select
  "a"."queue_class",
  "p"."first_priority_ratio",
  "qn"."queue_number",
  "qn"."benefit_queue_number",
  "qn"."before",
  "qn"."out_of_turn",
  "qn"."other"
from
  "applications" as "a"
  inner join "region_policies" as "p" on "p"."region_id" = "a"."region_id"
  left join lateral (
    select
      qn.queue_number,
      qn.benefit_queue_number,
      qc.before,
      qc.out_of_turn,
      qc.other
    from
      (
        select
      ) as this_application
      left join queue_numbers qn on qn.application_id = a.id
      left join lateral (
        select
          *
        from
          queue_counts (
            a.district_id,
            a.group_year,
            a.queue_class,
            a.registered_at,
            a.number,
            p.first_priority_ratio[1],
            p.first_priority_ratio[2]
          )
        where
          qn.application_id is null
          or exists (
            select
            from
              queue_changes c
            where
              c.district_id = a.district_id
              and c.group_year = a.group_year
          )
        offset
          0
      ) as qc on true
    where
      a.status in ('queued', 'turn', 'stop_listed')
    offset
      0
  ) as "qn" on true
where
  "a"."turn_batch_id" = $1
  and "a"."status" = $2;

-- medianWaits
select
  a.group_year,
  count(*)::int as waiting,
  round(
    (
      percentile_cont(0.5) within group (
        order by
          extract(
            epoch
            from
              ($1::timestamptz - a.registered_at)
          ) / 86400
      )
    )::numeric,
    1
  )::float8 as median_days
from
  applications a
where
  a.district_id = $2
  and a.group_year = any ($3::int[])
  and a.status = 'queued'
group by
  a.group_year;
