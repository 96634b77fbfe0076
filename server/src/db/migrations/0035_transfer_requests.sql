-- Transfers (issue 17, item 5; docs/rules.md, "Transfers"): the parent of an enrolled child asks,
-- signed, for up to five kindergartens of the district; places released at one of them go first
-- to the open requests that rank it, oldest first.
create table transfer_requests (
  id bigint generated always as identity primary key,
  application_id bigint not null references applications (id),
  enrolment_id bigint not null references enrolments (id),
  kindergarten_ids integer[] not null check (cardinality(kindergarten_ids) between 1 and 5),
  requested_at timestamptz not null,
  status text not null check (status in ('open', 'granted', 'withdrawn')),
  decided_at timestamptz,
  granted_enrolment_id bigint references enrolments (id),
  -- The place given back to the old kindergarten's base when granted (its staff see it so).
  returned_batch_id bigint references place_batches (id),
  check ((status = 'open') = (decided_at is null)),
  check ((status = 'granted') = (granted_enrolment_id is not null)),
  check ((status = 'granted') = (returned_batch_id is not null))
);
create unique index transfer_requests_one_open on transfer_requests (application_id)
  where status = 'open';
create index transfer_requests_open on transfer_requests (requested_at, id) where status = 'open';
create unique index transfer_requests_returned_batch on transfer_requests (returned_batch_id);
