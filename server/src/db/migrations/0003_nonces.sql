-- Single-use nonces for EDS sign-in and signed actions, bound to the browser session that asked.
create table nonces (
  nonce text primary key,
  binding text not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index nonces_expiry on nonces (expires_at);
