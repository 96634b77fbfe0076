-- Ranked preferences (issue 17, item 1; docs/rules.md, "Ranked preferences"): up to five
-- kindergartens of the application's district, in the parent's order, signed.
create table application_preferences (
  application_id bigint not null references applications (id),
  rank smallint not null check (rank between 1 and 5),
  kindergarten_id integer not null references kindergartens (id),
  primary key (application_id, rank),
  unique (application_id, kindergarten_id)
);
create index application_preferences_kindergarten on application_preferences (kindergarten_id);
