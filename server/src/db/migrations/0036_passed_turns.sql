-- The turns a child let pass, declined or lapsed at the end of their window (issue 17, item 1;
-- docs/rules.md, "Ranked preferences"): under ranked preferences the place such a turn held goes
-- on to the next child who ranked the kindergarten, never back to one who let it pass.
create table passed_turns (
  batch_id bigint not null references place_batches (id),
  application_id bigint not null references applications (id),
  passed_at timestamptz not null,
  primary key (batch_id, application_id)
);
