-- Applications (заявления) and their queue. The queue number of an application is computed from
-- index range counts over applications_waiting: never by scanning the queue.
create sequence application_serial;

create table applications (
  id bigint generated always as identity primary key,
  number text not null unique,
  region_id integer not null references regions (id),
  district_id integer not null references districts (id),
  group_year integer not null,
  child_iin char(12) not null references persons (iin),
  applicant_user_id integer not null references users (id),
  status text not null check (status in
    ('queued', 'turn', 'direction_issued', 'enrolled', 'stop_listed', 'withdrawn', 'removed', 'refused')),
  queue_class text not null check (queue_class in ('out_of_turn', 'first_priority', 'general')),
  benefit_code text,
  benefit_status text check (benefit_status in ('claimed', 'confirmed', 'rejected')),
  registered_at timestamptz not null,
  last_changed_at timestamptz not null,
  interest_confirmed_until timestamptz not null,
  stop_listed_until timestamptz,
  turn_until timestamptz,
  language text not null check (language in ('kk', 'ru', 'en')),
  email text not null,
  phone text not null,
  extra_email text,
  extra_phone text,
  address text,
  check ((benefit_code is null) = (benefit_status is null))
);

-- One active application per child and region, enforced by the database itself.
create unique index applications_one_active_per_child on applications (region_id, child_iin)
  where status in ('queued', 'turn', 'direction_issued', 'enrolled', 'stop_listed');

-- The queue: one range of this index per district, group year and class, in queue order.
create index applications_waiting on applications (district_id, group_year, queue_class, registered_at, number)
  where status in ('queued', 'turn', 'stop_listed');

create index applications_applicant on applications (applicant_user_id, id);

-- The other parent who attached the application to their own IIN (seed 001).
create table application_parents (
  application_id bigint not null references applications (id),
  user_id integer not null references users (id),
  attached_at timestamptz not null,
  primary key (application_id, user_id)
);
create index application_parents_user on application_parents (user_id);

alter table documents add constraint documents_application_fk foreign key (application_id) references applications (id);
