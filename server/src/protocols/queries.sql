-- The SQL that server/src/protocols/queries.ts sends, made by `npm run sql:generate`: do not edit.
-- A test fails when this file and the queries differ.

-- protocolBatches
select
  "b"."id" as "batch_id",
  "k"."id" as "kindergarten_id",
  "k"."name_kk",
  "k"."name_ru",
  "b"."group_year",
  "b"."language",
  "b"."total" as "count",
  "b"."created_at" as "at",
  exists (
    select
      1
    from
      transfer_requests r
    where
      r.returned_batch_id = b.id
  ) as "returned"
from
  "place_batches" as "b"
  inner join "kindergartens" as "k" on "k"."id" = "b"."kindergarten_id"
where
  "b"."district_id" = $1
  and "b"."created_at" >= $2
  and "b"."created_at" <= $3
union all
select
  "b"."id" as "batch_id",
  "k"."id" as "kindergarten_id",
  "k"."name_kk",
  "k"."name_ru",
  "b"."group_year",
  "b"."language",
  1 as "count",
  "h"."at",
  true as "returned"
from
  "place_batches" as "b"
  inner join "kindergartens" as "k" on "k"."id" = "b"."kindergarten_id"
  inner join "history" as "h" on "h"."subject_type" = $4
  and h.subject_id = b.id::text
where
  "b"."district_id" = $5
  and "h"."event" = $6
  and "h"."at" >= $7
  and "h"."at" <= $8
order by
  "at",
  "batch_id"
limit
  $9;

-- protocolDirections
select
  "d"."id",
  "d"."application_id",
  "k"."id" as "kindergarten_id",
  "k"."name_kk",
  "k"."name_ru",
  "d"."group_year",
  "d"."issued_at" as "at",
  "issued"."event",
  "issued"."mode"
from
  "place_batches" as "b"
  inner join "directions" as "d" on "d"."place_batch_id" = "b"."id"
  inner join "kindergartens" as "k" on "k"."id" = "d"."kindergarten_id"
  inner join lateral (
    select
      "h"."event",
      h.after ->> 'mode' as "mode"
    from
      "history" as "h"
    where
      "h"."subject_type" = $1
      and h.subject_id = d.application_id::text
      and "h"."event" in ($2, $3)
      and h.after ->> 'direction' = d.number
    limit
      $4
  ) as "issued" on true
where
  "b"."district_id" = $5
  and "d"."issued_at" >= $6
  and "d"."issued_at" <= $7
order by
  "d"."issued_at",
  "d"."id"
limit
  $8;
