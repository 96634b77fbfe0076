-- The interest deadline a reminder was last sent for: a new confirmation makes a new reminder due.
alter table applications add column interest_reminded_for timestamptz;
create index applications_interest_due on applications (interest_confirmed_until)
  where status in ('queued', 'turn', 'stop_listed');
