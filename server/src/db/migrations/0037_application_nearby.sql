-- "Any kindergarten within N km of home" of a ranked application (issue 17, item 1;
-- docs/rules.md, "Ranked preferences"): the radius and the home the parent marked on the map. The
-- rule (which radii, how far a home may lie) is domain/src/nearby.ts's.
create table application_nearby (
  application_id bigint primary key references applications (id),
  radius_km smallint not null,
  home_lat double precision not null,
  home_lon double precision not null
);
