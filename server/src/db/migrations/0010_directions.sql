-- Directions (направления в ДДО). A place is taken by one conditional update of its batch in the
-- transaction that creates the direction; an application holds at most one live direction.
create sequence direction_serial;

create table directions (
  id bigint generated always as identity primary key,
  number text not null unique,
  verify_code text not null,
  application_id bigint not null references applications (id),
  place_batch_id bigint not null references place_batches (id),
  kindergarten_id integer not null references kindergartens (id),
  group_year integer not null,
  language text not null,
  status text not null check (status in ('issued', 'enrolled', 'expired', 'revoked', 'refusal_pending', 'refused')),
  issued_at timestamptz not null,
  expires_at timestamptz not null,
  extended_until timestamptz
);
create unique index directions_one_live_per_application on directions (application_id)
  where status in ('issued', 'refusal_pending');
create index directions_kindergarten on directions (kindergarten_id, status);
