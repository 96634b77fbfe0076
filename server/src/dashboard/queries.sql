-- The SQL that server/src/dashboard/queries.ts sends, made by `npm run sql:generate`: do not edit.
-- A test fails when this file and the queries differ.

-- queueCounts
select
  month,
  group_year,
  queue_class,
  district_id,
  sum(waiting)::int as waiting
from
  dashboard_queue
where
  month between $1 and $2
  and "district_id" in ($3, $4)
group by
  grouping sets (
    (month),
    (month, group_year),
    (month, queue_class),
    (month, district_id)
  )
order by
  month;

-- eventCounts
select
  "month",
  "kind",
  sum(count)::int as "count"
from
  "dashboard_events"
where
  "month" >= $1
  and "month" <= $2
  and "district_id" in ($3, $4)
group by
  "month",
  "kind";

-- medianWaits
select
  case
    when cardinality(o.ids) = 1 then (o.ids) [1]
    when o.ids = (
      select
        array_agg(
          id
          order by
            id
        )
      from
        districts
    ) then 0
    else (
      select
        - region_id
      from
        districts
      group by
        region_id
      having
        array_agg(
          id
          order by
            id
        ) = o.ids
    )
  end as key,
  (
    select
      id
    from
      dashboard_district_sets s
    where
      s.district_ids = o.ids
  ) as set_id
from
  (
    select
      $1::int[] as ids
  ) o;
select
  month,
  group_year,
  turns,
  median
from
  (
    with
      waits as (
        select
          month,
          0 as scope_key,
          group_year,
          wait_days,
          sum(turns) as n
        from
          dashboard_turn_waits
        where
          month between $1 and $2
          and "district_id" in ($3, $4)
        group by
          1,
          2,
          3,
          4
      ),
      running as (
        select
          month,
          scope_key,
          group_year,
          wait_days,
          sum(n) over (
            partition by
              month,
              scope_key,
              group_year
            order by
              wait_days
          ) as below,
          sum(n) over (
            partition by
              month,
              scope_key,
              group_year
          ) as total
        from
          waits
      )
    select
      month,
      scope_key,
      group_year,
      max(total)::int as turns,
      (
        (
          min(wait_days) filter (
            where
              below >= floor((total + 1) / 2)
          ) + min(wait_days) filter (
            where
              below >= floor(total / 2) + 1
          )
        ) / 2.0
      )::float8 as median
    from
      running
    group by
      month,
      scope_key,
      group_year
    having
      max(total) > 0
  ) m
order by
  month,
  group_year;

-- refusalsByKindergarten
select
  "k"."id",
  "k"."name_kk",
  "k"."name_ru",
  sum(e.count)::int as "count"
from
  "dashboard_kindergarten_events" as "e"
  inner join "kindergartens" as "k" on "k"."id" = "e"."kindergarten_id"
where
  "e"."month" >= $1
  and "e"."month" <= $2
  and "e"."kind" = $3
  and "e"."district_id" in ($4, $5)
group by
  "k"."id",
  "k"."name_kk",
  "k"."name_ru"
order by
  sum(e.count) desc,
  "k"."id";

-- freePlacesByKindergarten
select
  "k"."id",
  "k"."name_kk",
  "k"."name_ru",
  sum(b.free)::int as "count"
from
  "place_batches" as "b"
  inner join "kindergartens" as "k" on "k"."id" = "b"."kindergarten_id"
where
  "b"."free" > $1
  and "b"."district_id" in ($2, $3)
group by
  "k"."id",
  "k"."name_kk",
  "k"."name_ru"
order by
  sum(b.free) desc,
  "k"."id";

-- dashboardDistricts
select
  "id",
  "name_kk",
  "name_ru",
  "name_en"
from
  "districts"
where
  "id" in ($1, $2)
order by
  "id";

-- dashboardState
select
  "summarised_at",
  "queue_taken_at"
from
  "dashboard_state";
