-- The SQL that server/src/inbox/queries.ts sends, made by `npm run sql:generate`: do not edit.
-- A test fails when this file and the queries differ.

-- inboxPage
select
  "id",
  "subject",
  "body",
  "language",
  "created_at"
from
  "outbox"
where
  "channel" = $1
  and "user_id" = $2
  and "id" < $3
order by
  "id" desc
limit
  $4;
