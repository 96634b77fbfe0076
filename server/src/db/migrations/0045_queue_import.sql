-- Imports of an existing queue from a legacy system's CSV export (queue-import/, docs/operations.md,
-- "Importing an existing queue"). One row per file, found by the file's sha256: it is the
-- checkpoint of a resumable import (done_rows: the last data row whose batch committed) and what
-- makes a second import of the same file change nothing.
create table queue_imports (
  id bigint generated always as identity primary key,
  file_sha256 text not null unique,
  file_name text not null,
  -- The file's header, for the file of rejected rows.
  header text[] not null,
  state text not null check (state in ('validating', 'validated', 'importing', 'done')),
  rows integer not null default 0,
  rejected integer not null default 0,
  only_clean boolean not null default false,
  done_rows integer not null default 0,
  imported integer not null default 0,
  skipped integer not null default 0,
  actor text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- The rows the last validation of a file refused, by row number (the header is row 1), with the
-- original record for the file of rejected rows.
create table queue_import_problems (
  import_id bigint not null references queue_imports (id),
  row_number integer not null,
  codes text[] not null,
  record text[] not null,
  primary key (import_id, row_number)
);
