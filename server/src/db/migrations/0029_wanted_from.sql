-- The month from which a parent wants a place (issue 17, item 4; docs/rules.md, "The month a place
-- is wanted from"), as its first day: no turn is given before it. Null: as soon as possible.
alter table applications add column wanted_from date;
