-- The counts behind a queue number, as a function: its plans are prepared once per connection
-- instead of on every lookup (planning cost as much as the counting itself).
-- Returns the applications of the own class ahead, the out-of-turn ones, and those of the other
-- interleaved class up to the most the ratio can put ahead (first:general = p_first:p_general).
create function queue_counts(
  p_district integer, p_group_year integer, p_class text, p_registered_at timestamptz, p_number text,
  p_first integer, p_general integer
) returns table (before bigint, out_of_turn bigint, other bigint)
language plpgsql stable as $$
declare
  v_before bigint;
  v_bound bigint;
begin
  select count(*) into v_before from applications
   where district_id = p_district and group_year = p_group_year and queue_class = p_class
     and status in ('queued', 'turn', 'stop_listed')
     and (registered_at, number) < (p_registered_at, p_number);
  if p_class = 'out_of_turn' then
    return query select v_before, 0::bigint, 0::bigint;
    return;
  end if;
  v_bound := case when p_class = 'first_priority' then (v_before / p_first) * p_general
                  else (v_before / p_general + 1) * p_first end;
  return query select v_before,
    (select count(*) from applications
      where district_id = p_district and group_year = p_group_year and queue_class = 'out_of_turn'
        and status in ('queued', 'turn', 'stop_listed')),
    (select count(*) from (select 1 from applications
      where district_id = p_district and group_year = p_group_year
        and queue_class = case when p_class = 'first_priority' then 'general' else 'first_priority' end
        and status in ('queued', 'turn', 'stop_listed')
      limit v_bound) ahead);
end
$$;
