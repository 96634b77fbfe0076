-- The department's dashboard (docs/dashboard.md) reads summaries, never the applications or the
-- history themselves: every figure is a range read over a few thousand rows at any queue size.
-- Months are Almaty months ('YYYY-MM', UTC+5), the same months the dashboard shows.

-- How far the summaries have got: the last history row summarised (history ids are given in
-- commit order, under the chain's head lock), and when the queue was last counted.
create table dashboard_state (
  id boolean primary key default true check (id),
  history_id bigint not null default 0,
  summarised_at timestamptz,
  queue_taken_at timestamptz
);
insert into dashboard_state default values;

-- What happened in a month, per district and group year, from the history rows: places released
-- (the places of the batches added) and directions issued, expired, revoked, refused and enrolled.
create table dashboard_events (
  month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
  district_id integer not null references districts (id),
  group_year integer not null,
  kind text not null check (kind in ('released', 'issued', 'expired', 'revoked', 'refused', 'enrolled')),
  count integer not null check (count >= 0),
  primary key (month, district_id, group_year, kind)
);

-- Directions refused by each kindergarten in a month (the department confirmed the refusal).
create table dashboard_kindergarten_events (
  month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
  district_id integer not null references districts (id),
  kindergarten_id integer not null references kindergartens (id),
  kind text not null check (kind in ('refused')),
  count integer not null check (count >= 0),
  primary key (month, district_id, kindergarten_id, kind)
);

-- The waits to a turn given in a month: how many turns came after how many whole days since the
-- registration. A histogram, so that a median over any districts is exact.
create table dashboard_turn_waits (
  month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
  district_id integer not null references districts (id),
  group_year integer not null,
  wait_days integer not null check (wait_days >= 0),
  turns integer not null check (turns >= 0),
  primary key (month, district_id, group_year, wait_days)
);

-- The median of each month's waits, kept with the histogram for the views read most: one district
-- (district_id its id), a region's districts together (minus the region's id: an officer of a
-- region) and every district (0); hence no foreign key. Any other choice of districts takes its
-- median from the histogram.
create table dashboard_turn_medians (
  month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
  district_id integer not null,
  group_year integer not null,
  turns integer not null check (turns > 0),
  median_days double precision not null,
  primary key (district_id, month, group_year)
);

-- The waiting queue (queued, on a turn, stop-listed) as last counted in a month by the deadline
-- jobs: a month's rows are replaced by each new count within it and stay once it is over.
create table dashboard_queue (
  month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
  district_id integer not null references districts (id),
  group_year integer not null,
  queue_class text not null check (queue_class in ('out_of_turn', 'first_priority', 'general')),
  waiting integer not null check (waiting >= 0),
  primary key (month, district_id, group_year, queue_class)
);
