-- The demo's own test CA and the key files of the demo people (KEZEK_DEMO=1 only). Kept in the
-- database so that every instance trusts the same CA and offers the same files.
create table demo_pki (
  name text primary key,
  pem text not null
);

create table demo_keys (
  iin char(12) not null,
  key_type text not null check (key_type in ('auth', 'sign')),
  full_name text not null,
  role text not null,
  p12 bytea not null,
  primary key (iin, key_type)
);
