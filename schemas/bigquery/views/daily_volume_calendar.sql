-- Daily volume with the date dimension: each (date, project_id) row of daily_volume with its year, quarter,
-- month and ISO week, so that weeks and months are a GROUP BY away, e.g.
--   SELECT iso_year, iso_week, SUM(total_volume_usd) FROM ... GROUP BY iso_year, iso_week
-- ${view} is the full name of the view, ${daily_volume} and ${dates} those of the tables.
CREATE VIEW IF NOT EXISTS ${view} AS
SELECT
  v.date,
  d.year,
  d.quarter,
  d.month,
  d.iso_year,
  d.iso_week,
  d.day_of_week,
  d.is_weekend,
  v.project_id,
  v.num_transactions,
  v.total_volume_usd,
  v.unpriced_transactions
FROM ${daily_volume} v
LEFT JOIN ${dates} d ON d.date = v.date
