-- The SQL that server/src/metrics/queries.ts sends, made by `npm run sql:generate`: do not edit.
-- A test fails when this file and the queries differ.

-- queueSizes
with recursive
  queues as (
    (
      select
        district_id,
        group_year
      from
        queue_numbers
      order by
        district_id,
        group_year
      limit
        1
    )
    union all
    select
      next.district_id,
      next.group_year
    from
      queues q
      cross join lateral (
        select
          n.district_id,
          n.group_year
        from
          queue_numbers n
        where
          (n.district_id, n.group_year) > (q.district_id, q.group_year)
        order by
          n.district_id,
          n.group_year
        limit
          1
      ) next
  )
select
  q.district_id,
  q.group_year,
  (
    select
      max(m.queue_number)
    from
      queue_numbers m
    where
      m.district_id = q.district_id
      and m.group_year = q.group_year
  ) as size
from
  queues q;

-- outboxBacklog
select
  "channel",
  count(*) as "pending",
  count(*) filter (
    where
      next_attempt_at <= $1
  ) as "due",
  min(next_attempt_at) filter (
    where
      next_attempt_at <= $2
  ) as "oldest_due"
from
  "outbox"
where
  status = 'pending'
group by
  "channel";

-- oldestPastDeadlines
select
  (
    select
      min(turn_until)
    from
      place_batches
    where
      state = 'waiting'
      and turn_until <= $1
  ) as "turn_windows",
  (
    select
      min(coalesce(extended_until, expires_at))
    from
      directions
    where
      status = 'issued'
      and coalesce(extended_until, expires_at) <= $2
  ) as "directions",
  (
    select
      min(stop_listed_until)
    from
      applications
    where
      status = 'stop_listed'
      and stop_listed_until <= $3
  ) as "stop_lists",
  (
    select
      min(decide_at)
    from
      free_choice_requests
    where
      outcome is null
      and decide_at <= $4
  ) as "free_choice_rounds";
