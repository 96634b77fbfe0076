-- The median wait to a turn of each officer's own districts (docs/dashboard.md, "Summaries kept
-- up to date"): an officer of several districts that are not one region nor every district (four
-- of a region's twenty) reads kept medians, as the others read dashboard_turn_medians, not a
-- median worked out from the histogram at every request.

-- The sets of districts that officers have, other than the ones dashboard_turn_medians keeps;
-- brought in line with user_districts by the deadline jobs (dashboard/summaries.ts). The ids are
-- sorted, so that a set has one spelling and the unique index finds it.
create table dashboard_district_sets (
  id integer generated always as identity primary key,
  district_ids integer[] not null unique check (cardinality(district_ids) > 1)
);

-- The median of each month's waits of a set's districts together; a set's rows are made with the
-- set, in the same transaction, and go with it.
create table dashboard_set_medians (
  set_id integer not null references dashboard_district_sets (id) on delete cascade,
  month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
  group_year integer not null,
  turns integer not null check (turns > 0),
  median_days double precision not null,
  primary key (set_id, month, group_year)
);
