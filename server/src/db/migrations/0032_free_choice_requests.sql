-- Batched free choice (issue 17; docs/rules.md, "Batched free choice"): in a region whose policy
-- says `free_choice = 'batched'`, a signed choice of a free-choice place is a request, collected
-- with the other requests of its batch until the round's end (`decide_at`) and then granted in
-- queue order by the deadline job. The signed choice is kept as the evidence of the direction it
-- may become. One open request per application: a new one replaces it (outcome `replaced`).
create table free_choice_requests (
  id bigint generated always as identity primary key,
  application_id bigint not null references applications (id),
  place_batch_id bigint not null references place_batches (id),
  user_id integer not null references users (id),
  evidence text not null,
  requested_at timestamptz not null,
  decide_at timestamptz not null,
  window_minutes integer not null,
  outcome text check (outcome in ('granted', 'not_granted', 'replaced')),
  decided_at timestamptz,
  direction_id bigint references directions (id),
  check ((outcome is null) = (decided_at is null)),
  check ((outcome = 'granted') = (direction_id is not null))
);
create unique index free_choice_requests_open on free_choice_requests (application_id)
  where outcome is null;
create index free_choice_requests_due on free_choice_requests (decide_at, place_batch_id)
  where outcome is null;
create index free_choice_requests_application on free_choice_requests (application_id, id);
