-- Password guessing spread over many addresses (issue 16, item 7): the wrong passwords given for
-- an IIN, counted across every address and instance. After a few, the next attempt for the IIN
-- waits (`not_before`), longer after each further failure and at most a few minutes; a success
-- deletes the row, and rows untouched for a day are swept.
create table sign_in_failures (
  iin text primary key,
  failures integer not null,
  not_before timestamptz not null,
  last_failed_at timestamptz not null
);
create index sign_in_failures_last on sign_in_failures (last_failed_at);
