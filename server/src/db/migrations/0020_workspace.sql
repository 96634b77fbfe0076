-- The kindergarten workspace and the education department (seed 004 §3–4): enrolments, departures,
-- and refusals that wait for the officer of the district.

-- The organisation's BIN: an employee certificate (OU=BIN…) signs for a kindergarten only with it.
alter table kindergartens add column bin char(12) check (bin ~ '^[0-9]{12}$');

-- A child accepted into a kindergarten by a direction; one enrolment per direction. A departure
-- (date and reason, signed) ends it; its place is not returned to any batch (DOMAIN.md).
create table enrolments (
  id bigint generated always as identity primary key,
  direction_id bigint not null unique references directions (id),
  application_id bigint not null references applications (id),
  kindergarten_id integer not null references kindergartens (id),
  child_iin char(12) not null references persons (iin),
  group_year integer not null,
  enrolled_at timestamptz not null,
  enrolled_by integer not null references users (id),
  departed_on date,
  departure_reason text,
  departed_by integer references users (id),
  departure_recorded_at timestamptz,
  check ((departed_on is null) = (departure_reason is null)
     and (departed_on is null) = (departed_by is null)
     and (departed_on is null) = (departure_recorded_at is null))
);
create index enrolments_kindergarten on enrolments (kindergarten_id, id);

-- A kindergarten's refusal of a direction, pending until the officer of its district decides.
-- One per direction: after a rejected refusal the kindergarten must accept the child.
create table refusals (
  id bigint generated always as identity primary key,
  direction_id bigint not null unique references directions (id),
  application_id bigint not null references applications (id),
  kindergarten_id integer not null references kindergartens (id),
  district_id integer not null references districts (id),
  reason text not null,
  status text not null check (status in ('pending', 'confirmed', 'rejected')),
  -- The signer as the verified certificate named them (the CMS itself is the history's evidence).
  signer_iin char(12) not null,
  signer_name text not null,
  created_by integer not null references users (id),
  created_at timestamptz not null,
  -- The direction's enrolment deadline when the refusal paused it.
  paused_deadline timestamptz not null,
  decided_by integer references users (id),
  decided_at timestamptz,
  comment text,
  check ((status = 'pending') = (decided_at is null))
);
create index refusals_review on refusals (district_id, status, id);

-- Looking a child up by IIN (the workspace search, the department's application search).
create index applications_child on applications (child_iin);
create index directions_application on directions (application_id);
