-- The child's queue number when the direction was issued: the application view keeps showing it
-- while the direction is live (seed 002, fig. 6: «Номер очереди: 66» beside «Выдано
-- направление»). Null when the number was not stored yet at the choice.
alter table directions add column queue_number integer;
