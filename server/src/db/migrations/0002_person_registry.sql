-- The local copy of the person registry (ГБД ФЛ): names, birth dates and who is whose parent.
create table persons (
  iin char(12) primary key,
  last_name text not null,
  first_name text not null,
  middle_name text,
  birth_date date not null,
  sex text not null check (sex in ('male', 'female'))
);

create table person_parents (
  child_iin char(12) not null references persons (iin),
  parent_iin char(12) not null references persons (iin),
  primary key (child_iin, parent_iin)
);
create index person_parents_parent on person_parents (parent_iin);
