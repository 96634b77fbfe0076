-- The SQL that server/src/directions/queries.ts sends, made by `npm run sql:generate`: do not edit.
-- A test fails when this file and the queries differ.

-- directionsWithChild
select
from
  "directions" as "d"
  inner join "applications" as "a" on "a"."id" = "d"."application_id"
  inner join "kindergartens" as "k" on "k"."id" = "d"."kindergarten_id"
  inner join "persons" as "child" on "child"."iin" = "a"."child_iin";

-- loadDirection
select
  "d"."id",
  "d"."number",
  "d"."application_id",
  "d"."group_year",
  "d"."language",
  "d"."issued_at",
  "d"."expires_at",
  "d"."extended_until",
  "d"."status",
  "k"."id" as "kindergarten_id",
  "k"."name_kk",
  "k"."name_ru",
  "k"."type",
  "a"."benefit_code",
  "p"."revoke_hours",
  "p"."extension_max_days",
  "p"."benefit_doc_max_age_days",
  "p"."stop_list_working_days",
  "p"."max_expiries"
from
  "directions" as "d"
  inner join "kindergartens" as "k" on "k"."id" = "d"."kindergarten_id"
  inner join "applications" as "a" on "a"."id" = "d"."application_id"
  inner join "region_policies" as "p" on "p"."region_id" = "a"."region_id"
where
  "d"."id" = $1;

-- directionByNumber
select
  "d"."number",
  "d"."verify_code",
  "d"."status",
  "d"."group_year",
  "d"."issued_at",
  "d"."expires_at",
  "d"."extended_until",
  "k"."name_kk",
  "k"."name_ru"
from
  "directions" as "d"
  inner join "kindergartens" as "k" on "k"."id" = "d"."kindergarten_id"
where
  "d"."number" = $1;
