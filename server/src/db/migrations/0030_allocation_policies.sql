-- The allocation policies of issue 17, each a region's choice, in effect from the moment it is
-- saved (docs/rules.md, "Region policy"). The defaults are the manuals' rules.
alter table region_policies
  add column allocation text not null default 'choose'
    check (allocation in ('choose', 'ranked')),
  add column free_choice text not null default 'first_come'
    check (free_choice in ('first_come', 'batched')),
  add column free_choice_window_minutes integer not null default 120
    check (free_choice_window_minutes between 5 and 1440),
  add column sibling_priority text not null default 'off'
    check (sibling_priority in ('off', 'within_class'));
