-- The SQL that server/src/places/queries.ts sends, made by `npm run sql:generate`: do not edit.
-- A test fails when this file and the queries differ.

-- placeBatch
select
  "b"."id",
  "b"."group_year",
  "b"."language",
  "b"."total",
  "b"."free",
  "b"."state",
  "b"."turn_until",
  "b"."created_at",
  "k"."id" as "kindergarten_id",
  "k"."name_kk",
  "k"."name_ru",
  "k"."type",
  "k"."district_id",
  "u"."full_name" as "created_by",
  exists (
    select
      1
    from
      transfer_requests r
    where
      r.returned_batch_id = b.id
  ) as "from_transfer"
from
  "place_batches" as "b"
  inner join "kindergartens" as "k" on "k"."id" = "b"."kindergarten_id"
  inner join "users" as "u" on "u"."id" = "b"."created_by"
where
  "b"."id" = $1;

-- placeBatchPage
select
  "b"."id",
  "b"."group_year",
  "b"."language",
  "b"."total",
  "b"."free",
  "b"."state",
  "b"."turn_until",
  "b"."created_at",
  "k"."id" as "kindergarten_id",
  "k"."name_kk",
  "k"."name_ru",
  "k"."type",
  "k"."district_id",
  "u"."full_name" as "created_by",
  exists (
    select
      1
    from
      transfer_requests r
    where
      r.returned_batch_id = b.id
  ) as "from_transfer"
from
  "place_batches" as "b"
  inner join "kindergartens" as "k" on "k"."id" = "b"."kindergarten_id"
  inner join "users" as "u" on "u"."id" = "b"."created_by"
where
  (
    "b"."kindergarten_id" in ($1)
    or "b"."district_id" in ($2, $3)
  )
  and "b"."kindergarten_id" = $4
  and "b"."group_year" = $5
  and "b"."language" = $6
  and "k"."type" = $7
  and "b"."state" = $8
  and "b"."created_at" >= $9
  and "b"."created_at" <= $10
  and "b"."id" < $11
order by
  "b"."id" desc
limit
  $12;
