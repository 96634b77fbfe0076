-- The SQL that server/src/mobile-sign/queries.ts sends, made by `npm run sql:generate`: do not edit.
-- A test fails when this file and the queries differ.

-- insertSigningRequest
insert into
  "mobile_sign_requests" (
    "id",
    "token_hash",
    "auth_token_hash",
    "binding_hash",
    "key_type",
    "content",
    "description",
    "created_at",
    "expires_at"
  )
values
  ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- signingRequestByToken
select
  "id",
  "auth_token_hash",
  "content",
  "description",
  "expires_at",
  "state"
from
  "mobile_sign_requests"
where
  "token_hash" = $1;

-- signingRequestOfBrowser
select
  "state",
  "expires_at",
  "cms",
  "problem_code"
from
  "mobile_sign_requests"
where
  "id" = $1
  and "binding_hash" = $2;

-- replaceAuthToken
update "mobile_sign_requests"
set
  "auth_token_hash" = $1
where
  "id" = $2;

-- answerSigningRequest
update "mobile_sign_requests"
set
  "state" = $1,
  "cms" = $2,
  "answered_at" = $3
where
  "id" = $4
  and "state" = $5
  and "expires_at" > $6
returning
  "id";

-- takeSignature
update "mobile_sign_requests"
set
  "state" = $1,
  "cms" = $2
where
  "id" = $3
  and "state" = $4
returning
  "id";

-- applicationNumberOf
select
  "applications"."number"
from
  "applications"
  inner join "directions" on "directions"."application_id" = "applications"."id"
where
  "directions"."id" = $1;

-- sweepSigningRequests
delete from "mobile_sign_requests"
where
  "id" in (
    select
      "id"
    from
      "mobile_sign_requests"
    where
      "expires_at" < $1
    limit
      $2
    for update
      skip locked
  );
