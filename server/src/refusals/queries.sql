-- The SQL that server/src/refusals/queries.ts sends, made by `npm run sql:generate`: do not edit.
-- A test fails when this file and the queries differ.

-- refusalById
select
  "r"."id",
  "r"."direction_id",
  "r"."application_id",
  "r"."district_id",
  "r"."reason",
  "r"."status",
  "r"."signer_iin",
  "r"."signer_name",
  "r"."created_at",
  "r"."decided_at",
  "r"."comment",
  "d"."number" as "direction_number",
  "a"."number" as "application_number",
  "k"."id" as "kindergarten_id",
  "k"."name_kk",
  "k"."name_ru",
  "child"."iin" as "child_iin",
  concat_ws(
    ' ',
    "child"."last_name",
    "child"."first_name",
    "child"."middle_name"
  ) as "child_name"
from
  "directions" as "d"
  inner join "applications" as "a" on "a"."id" = "d"."application_id"
  inner join "kindergartens" as "k" on "k"."id" = "d"."kindergarten_id"
  inner join "persons" as "child" on "child"."iin" = "a"."child_iin"
  inner join "refusals" as "r" on "r"."direction_id" = "d"."id"
where
  "r"."id" = $1;

-- refusalPage
select
  "r"."id",
  "r"."direction_id",
  "r"."application_id",
  "r"."district_id",
  "r"."reason",
  "r"."status",
  "r"."signer_iin",
  "r"."signer_name",
  "r"."created_at",
  "r"."decided_at",
  "r"."comment",
  "d"."number" as "direction_number",
  "a"."number" as "application_number",
  "k"."id" as "kindergarten_id",
  "k"."name_kk",
  "k"."name_ru",
  "child"."iin" as "child_iin",
  concat_ws(
    ' ',
    "child"."last_name",
    "child"."first_name",
    "child"."middle_name"
  ) as "child_name"
from
  "directions" as "d"
  inner join "applications" as "a" on "a"."id" = "d"."application_id"
  inner join "kindergartens" as "k" on "k"."id" = "d"."kindergarten_id"
  inner join "persons" as "child" on "child"."iin" = "a"."child_iin"
  inner join "refusals" as "r" on "r"."direction_id" = "d"."id"
where
  "r"."status" = $1
  and ("r"."district_id" in ($2, $3))
  and "r"."district_id" = $4
  and "r"."id" > $5
order by
  "r"."id" asc
limit
  $6;
