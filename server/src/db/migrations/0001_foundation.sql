-- Foundation: reference data, accounts, policy, calendar, sessions and the hash-chained history.
-- Every instant is written by the application from its injected clock, never by now().

-- Names sort by the Unicode root order on both databases (Ә after А, not after Я as in "C");
-- PostgreSQL 15 has no predefined "unicode" collation, so the project defines its own.
create collation kezek_names (provider = icu, locale = 'und');

create table regions (
  id integer generated always as identity primary key,
  code text not null unique,
  name_kk text not null,
  name_ru text not null,
  name_en text not null,
  created_at timestamptz not null
);

create table districts (
  id integer generated always as identity primary key,
  region_id integer not null references regions (id),
  name_kk text not null,
  name_ru text not null,
  name_en text not null,
  created_at timestamptz not null
);
create unique index districts_name_ru_unique on districts (region_id, lower(name_ru));
create unique index districts_name_kk_unique on districts (region_id, lower(name_kk));

create table kindergartens (
  id integer generated always as identity primary key,
  district_id integer not null references districts (id),
  name_kk text not null,
  name_ru text not null,
  type text not null check (type in ('state', 'private', 'mini_centre', 'village')),
  languages text[] not null check (cardinality(languages) > 0 and languages <@ array['kk', 'ru', 'en']),
  address text not null,
  lat double precision check (lat between -90 and 90),
  lon double precision check (lon between -180 and 180),
  phone text,
  website text,
  email text,
  owner_iin char(12),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index kindergartens_name_ru_unique on kindergartens (district_id, lower(name_ru));
create unique index kindergartens_name_kk_unique on kindergartens (district_id, lower(name_kk));
create index kindergartens_district on kindergartens (district_id, id);

create table users (
  id integer generated always as identity primary key,
  iin char(12) not null unique,
  full_name text not null,
  roles text[] not null check (roles <@ array['applicant', 'staff', 'officer', 'admin']),
  password_hash text,
  email text,
  phone text,
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create table user_kindergartens (
  user_id integer not null references users (id) on delete cascade,
  kindergarten_id integer not null references kindergartens (id),
  primary key (user_id, kindergarten_id)
);

create table user_districts (
  user_id integer not null references users (id) on delete cascade,
  district_id integer not null references districts (id),
  primary key (user_id, district_id)
);

create table region_policies (
  region_id integer primary key references regions (id),
  age_limit_years integer not null default 7,
  turn_window_days integer not null default 3,
  enrol_working_days integer not null default 5,
  stop_list_working_days integer not null default 10,
  max_expiries integer not null default 2,
  extension_max_days integer not null default 30,
  revoke_hours integer not null default 24,
  interest_months integer not null default 12,
  first_priority_ratio integer[] not null default array[1, 3],
  private_min_age_years integer not null default 3,
  benefit_doc_max_age_days integer not null default 10,
  updated_at timestamptz not null
);

create table calendar_overrides (
  date date primary key,
  kind text not null check (kind in ('holiday', 'workday')),
  name text not null,
  updated_by integer references users (id),
  updated_at timestamptz not null
);

create table sessions (
  sid text primary key,
  data jsonb not null,
  expires_at timestamptz not null
);
create index sessions_expiry on sessions (expires_at);

create table settings (
  key text primary key,
  value text not null
);

-- Append-only, hash-chained record of every state change: hash = sha256(prev_hash || canonical row).
create table history (
  id bigint generated always as identity primary key,
  at timestamptz not null,
  actor text not null,
  event text not null,
  subject_type text not null,
  subject_id text not null,
  before jsonb,
  after jsonb,
  -- The signed CMS (base64 DER) when the change was an EDS-signed action: the evidence.
  evidence text,
  prev_hash text not null,
  hash text not null unique
);
create index history_subject on history (subject_type, subject_id, id);

-- The chain's head, locked by every writer so that rows link in commit order.
create table history_head (
  id boolean primary key default true check (id),
  last_hash text not null
);
insert into history_head (last_hash) values (repeat('0', 64));

create function history_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'history is append-only';
end
$$;
create trigger history_no_update before update or delete on history
  for each row execute function history_is_append_only();
