-- The public queue (docs/rules.md, "The public queue") pages a district and group year by its
-- stored queue numbers: a page is an index range read from the number after the cursor, at any
-- depth. The index replaces queue_numbers_queue, whose reads (a renumbering's, by district and
-- group year) it serves with the same prefix. A renumbered row now changes an indexed column (no
-- HOT update): the renumbering writes only the rows whose numbers changed.
drop index queue_numbers_queue;
create index queue_numbers_position on queue_numbers (district_id, group_year, queue_number)
  include (application_id);
