-- Nonces are sealed by the server (HMAC over the session binding, a random part and the expiry,
-- eds/nonces.ts) instead of stored when issued: issuing one writes nothing, and checking that one
-- is this session's and unexpired needs no database. Only a nonce's use is written, once: the
-- primary key makes a second use fail on any instance. Rows past their expiry are swept.
drop table nonces;
create table used_nonces (
  nonce text primary key,
  expires_at timestamptz not null
);
create index used_nonces_expiry on used_nonces (expires_at);
