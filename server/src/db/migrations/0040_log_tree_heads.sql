-- The signed tree heads (docs/transparency.md): at most one a minute, while the log grows
-- (transparency/heads.ts). The newest is GET /api/public/log/head; the older ones stay, so a
-- verifier's complaint about a head can be checked against what was served.
create table log_tree_heads (
  tree_size bigint primary key,
  timestamp timestamptz not null,
  root_hash bytea not null,
  log_id text not null,
  algorithm text not null,
  signature text not null
);
create index log_tree_heads_timestamp on log_tree_heads (timestamp);
