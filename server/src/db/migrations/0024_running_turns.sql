-- The turns running on a batch: each holds one of its free places until it ends. A place given
-- back while its batch offers turns goes to the next child with a turn of its own, which may end
-- after the batch has gone to free choice; free-choosers may take only the places no running turn
-- holds, so choosing counts these (a few index entries) and the invariants check them.
create index applications_running_turns on applications (turn_batch_id) where status = 'turn';
