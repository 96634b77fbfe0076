-- Public protocols (protocols/queries.ts, docs/rules.md "Public protocols") read a district's
-- place batches by when they were added, and the directions of those batches by when they were
-- issued: index range reads over one district and period.
create index place_batches_district_added on place_batches (district_id, created_at);
create index directions_batch_issued on directions (place_batch_id, issued_at);
-- Wait estimates (estimates/queries.ts, docs/wait-estimates.md) count the turns given for a
-- queue's batches in the last twelve months: the history rows of turns, by batch and instant.
create index history_turns_by_batch on history ((after ->> 'placeBatch'), at)
  where event = 'application.turn_given';
