-- When the applicant last declined a turn (issue 17, item 4; docs/rules.md, "Declining a turn"):
-- once in 12 months the place goes on at once and the child keeps its place in the queue.
alter table applications add column turn_declined_at timestamptz;
