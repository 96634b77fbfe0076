-- The applicant's address in the manual's separate fields (seed 001, fig. 6: city, district,
-- street, house, flat), kept as given; `address` keeps the one line that documents print, and is
-- all an application registered before this has.
alter table applications add column address_parts jsonb;
