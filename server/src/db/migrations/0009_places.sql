-- Free places added by a kindergarten (seed 004 §2): a saved batch is immutable; only allocation
-- moves its free count (and its state from waiting to free choice). The database refuses the rest.
create table place_batches (
  id bigint generated always as identity primary key,
  kindergarten_id integer not null references kindergartens (id),
  district_id integer not null references districts (id),
  group_year integer not null,
  language text not null check (language in ('kk', 'ru', 'en')),
  total integer not null check (total between 1 and 500),
  free integer not null check (free >= 0 and free <= total),
  state text not null check (state in ('waiting', 'free_choice')),
  turn_until timestamptz not null,
  created_by integer not null references users (id),
  created_at timestamptz not null
);
create index place_batches_open on place_batches (district_id, group_year, state) where free > 0;
create index place_batches_kindergarten on place_batches (kindergarten_id, id);
create index place_batches_turn_end on place_batches (turn_until) where state = 'waiting';

create function place_batches_immutable() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'a saved place batch cannot be deleted';
  end if;
  if (new.kindergarten_id, new.district_id, new.group_year, new.language, new.total, new.turn_until,
      new.created_by, new.created_at)
     is distinct from
     (old.kindergarten_id, old.district_id, old.group_year, old.language, old.total, old.turn_until,
      old.created_by, old.created_at) then
    raise exception 'a saved place batch cannot be corrected';
  end if;
  return new;
end
$$;
create trigger place_batches_immutable before update or delete on place_batches
  for each row execute function place_batches_immutable();

-- The turn an application holds: which release gave it (its places are what the turn may take).
alter table applications add column turn_batch_id bigint references place_batches (id);
