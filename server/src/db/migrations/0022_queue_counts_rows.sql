-- queue_counts() returns one row. Without saying so the planner assumes 1 000 and prices a
-- journal read high enough to compile it with JIT, which costs more than the read.
alter function queue_counts(integer, integer, text, timestamptz, text, integer, integer) rows 1;
