-- How many directions of the application expired unused: the policy's maxExpiries-th removes it.
alter table applications add column expiries integer not null default 0;
create index directions_due on directions (coalesce(extended_until, expires_at)) where status = 'issued';
create index applications_stop_list_end on applications (stop_listed_until) where status = 'stop_listed';
