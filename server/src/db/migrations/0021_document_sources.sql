-- Generated documents are issued with what they say (their source) and rendered when first read:
-- PDF rendering costs more than the rest of a registration or a direction together, and must not
-- sit inside the transaction that takes a place. Rendering is pure, so the bytes are the same as
-- if rendered at once; content, sha256 and size are filled in once, never changed.
alter table documents add column source jsonb;
alter table documents alter column content drop not null;
alter table documents alter column sha256 drop not null;
alter table documents alter column size drop not null;
alter table documents add constraint documents_content_or_source
  check ((content is not null and sha256 is not null and size is not null) or source is not null);
