-- Signing requests of eGov Mobile (mobile-sign/, docs/mobile-signing.md): the exact bytes a
-- browser session asked to have signed, found by the hash of the token in the QR code's URL, and
-- the app's CMS once it sends one. A request is single-use and short-lived; the jobs forget the
-- expired ones.
create table mobile_sign_requests (
  id uuid primary key,
  token_hash bytea not null unique,
  auth_token_hash bytea not null,
  binding_hash bytea not null,
  key_type text not null check (key_type in ('auth', 'sign')),
  content bytea not null,
  description jsonb not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  state text not null default 'waiting' check (state in ('waiting', 'signed', 'refused', 'taken')),
  cms text,
  problem_code text,
  answered_at timestamptz
);
create index mobile_sign_requests_expiry on mobile_sign_requests (expires_at);
