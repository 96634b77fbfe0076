-- An application registered through the e-government portal (ПЭП) or at a public service centre
-- (ЦОН) carries that system's number, which the application view shows beside kezek's own (seeds
-- 000–002: «Номер ПЭП», «Номер ЦОН»; docs/rules.md, "The application view"). Applications made in
-- kezek have neither.
alter table applications add column pep_number text;
alter table applications add column con_number text;
