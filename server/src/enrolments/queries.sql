-- The SQL that server/src/enrolments/queries.ts sends, made by `npm run sql:generate`: do not edit.
-- A test fails when this file and the queries differ.

-- kindergartenPlace
select
  "id",
  "district_id"
from
  "kindergartens"
where
  "id" = $1;

-- enrolmentPage
select
  "e"."id",
  "e"."direction_id",
  "e"."kindergarten_id",
  "e"."group_year",
  "e"."enrolled_at",
  "e"."departed_on",
  "e"."departure_reason",
  "d"."number" as "direction_number",
  "a"."number" as "application_number",
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
  inner join "enrolments" as "e" on "e"."direction_id" = "d"."id"
where
  "e"."kindergarten_id" = $1
  and "e"."group_year" = $2
  and "e"."departed_on" is null
  and concat_ws(
    ' ',
    "child"."last_name",
    "child"."first_name",
    "child"."middle_name"
  ) ilike $3
  and (
    concat_ws(
      ' ',
      "child"."last_name",
      "child"."first_name",
      "child"."middle_name"
    ) collate kezek_names,
    e.id
  ) > ($4 collate kezek_names, $5)
order by
  concat_ws(
    ' ',
    "child"."last_name",
    "child"."first_name",
    "child"."middle_name"
  ) collate kezek_names,
  "e"."id"
limit
  $6;
