-- The transparency log (docs/transparency.md, issue 18): every public queue event is a leaf of an
-- RFC 9162 Merkle tree, appended in the transaction of its state change (transparency/append.ts,
-- called by history/history.ts while the history chain's head is locked, so leaf indices are
-- gap-free and in commit order).
--
-- An application's public pseudonym is kept beside it: the log's leaves carry it, and every
-- writer of an event must find it in the transaction without the server's key. Rows made before
-- this migration get theirs at the next start (transparency/start.ts).
alter table applications add column pseudonym text;

-- A leaf: its exact bytes (the canonical JSON of a LogEvent) and SHA-256(0x00 || bytes).
create table log_leaves (
  leaf_index bigint primary key,
  data text not null,
  leaf_hash bytea not null
);

-- The hashes of the complete perfect subtrees above the leaves: the node of `level` (>= 1) and
-- `index` covers leaves index * 2^level .. (index + 1) * 2^level - 1. They are written with the
-- leaves that complete them, so a root or a proof of any size reads O(log n) rows.
create table log_nodes (
  level smallint not null,
  index bigint not null,
  hash bytea not null,
  primary key (level, index)
);

-- The log's one row: its size and its right edge (the hashes of the perfect subtrees that make
-- up the whole tree, largest first), which is what an append needs. `started`: whether events are
-- being appended. A database that already has history starts its log at the next start with a
-- genesis snapshot of the queue (docs/transparency.md); an empty one starts at once.
create table log_head (
  id boolean primary key default true check (id),
  size bigint not null,
  edge bytea[] not null,
  started boolean not null
);
insert into log_head (size, edge, started)
  select 0, '{}', not exists (select 1 from history);

-- Leaves and nodes are never changed or taken back (the signed heads promise it).
create function log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'the transparency log is append-only';
end
$$;
create trigger log_leaves_no_update before update or delete on log_leaves
  for each row execute function log_is_append_only();
create trigger log_nodes_no_update before update or delete on log_nodes
  for each row execute function log_is_append_only();
