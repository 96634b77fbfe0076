-- Transactional outbox: a message is written in the transaction of the change it reports and
-- delivered after commit by a worker (retries with backoff); nothing leaves the system any other way.
create table outbox (
  id bigint generated always as identity primary key,
  channel text not null check (channel in ('email', 'sms', 'inapp')),
  recipient text not null,
  user_id integer references users (id),
  language text not null check (language in ('kk', 'ru', 'en')),
  subject text not null,
  body text not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  last_error text,
  created_at timestamptz not null,
  sent_at timestamptz
);
create index outbox_due on outbox (next_attempt_at) where status = 'pending';
create index outbox_user on outbox (user_id, id) where channel = 'inapp';

-- Generated documents (PDF) kept as issued, and uploaded attachments kept as received.
create table documents (
  id bigint generated always as identity primary key,
  owner_user_id integer references users (id),
  application_id bigint,
  kind text not null,
  language text not null,
  title text not null,
  content_type text not null,
  sha256 text not null,
  size integer not null,
  content bytea not null,
  created_at timestamptz not null
);
create index documents_application on documents (application_id, id);
