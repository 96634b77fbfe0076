-- Queue numbers kept where a read is a primary-key lookup (docs/performance.md, the journal).
-- The renumbering (applications/numbering.ts) writes them per queue, a district and group year.
-- Every change that can move a number leaves a mark on its queue in its own transaction (the
-- triggers below); while a queue has a mark, its numbers are counted as before (queue_counts()),
-- so a number read is always exact. The renumbering deletes the marks it has taken into account.

-- No foreign key to applications: only the renumbering writes these rows, and it also deletes
-- those of children who have left the queue.
create table queue_numbers (
  application_id bigint primary key,
  district_id integer not null,
  group_year integer not null,
  queue_number integer not null,
  benefit_queue_number integer
) with (fillfactor = 80);
-- A renumbering reads the stored numbers of its queue and writes only those that changed.
create index queue_numbers_queue on queue_numbers (district_id, group_year);

-- Inserts only, by the writers: two changes of one queue never wait for each other.
create table queue_changes (
  district_id integer not null,
  group_year integer not null,
  id bigint generated always as identity,
  primary key (district_id, group_year, id)
);

-- A renumbering reads the queue's order from this index alone when it carries the id.
drop index applications_waiting;
create index applications_waiting on applications (district_id, group_year, queue_class, registered_at, number)
  include (id) where status in ('queued', 'turn', 'stop_listed');

-- Inserted or deleted applications: a mark on each queue that a waiting one was in.
create function queue_changed_by_rows() returns trigger language plpgsql as $$
begin
  insert into queue_changes (district_id, group_year)
  select distinct district_id, group_year from changed_rows
   where status in ('queued', 'turn', 'stop_listed');
  return null;
end
$$;

create trigger applications_queue_insert after insert on applications
  referencing new table as changed_rows
  for each statement execute function queue_changed_by_rows();
create trigger applications_queue_delete after delete on applications
  referencing old table as changed_rows
  for each statement execute function queue_changed_by_rows();

-- Updated applications: a mark on the queues, before and after, of each one that started or
-- stopped waiting, or moved while waiting (class, instant, number, district, group year). A turn
-- or a stop-list's end moves nobody: the child waits on, at the same place.
create function queue_changed_by_update() returns trigger language plpgsql as $$
begin
  insert into queue_changes (district_id, group_year)
  select distinct side.district_id, side.group_year
    from old_rows o
    join new_rows n on n.id = o.id
    cross join lateral (values (o.district_id, o.group_year, o.status),
                               (n.district_id, n.group_year, n.status)) as side (district_id, group_year, status)
   where side.status in ('queued', 'turn', 'stop_listed')
     and (o.status in ('queued', 'turn', 'stop_listed'), o.district_id, o.group_year, o.queue_class,
          o.registered_at, o.number)
         is distinct from
         (n.status in ('queued', 'turn', 'stop_listed'), n.district_id, n.group_year, n.queue_class,
          n.registered_at, n.number);
  return null;
end
$$;

create trigger applications_queue_update after update on applications
  referencing old table as old_rows new table as new_rows
  for each statement execute function queue_changed_by_update();

-- A new ratio of first-priority to general children moves the numbers of every queue of the region.
create function queue_changed_by_policy() returns trigger language plpgsql as $$
begin
  insert into queue_changes (district_id, group_year)
  select distinct district_id, group_year from applications
   where region_id = new.region_id and status in ('queued', 'turn', 'stop_listed');
  return null;
end
$$;

create trigger region_policies_queue_ratio after update of first_priority_ratio on region_policies
  for each row when (old.first_priority_ratio is distinct from new.first_priority_ratio)
  execute function queue_changed_by_policy();

-- The queues that exist now are numbered by the first renumbering.
insert into queue_changes (district_id, group_year)
select distinct district_id, group_year from applications
 where status in ('queued', 'turn', 'stop_listed');
