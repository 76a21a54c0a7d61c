-- daily_volume counts as many transactions for each (date, project_id) as the raw layer holds: one row per
-- (date, project_id) where the two differ, a row missing on either side counting zero.
-- Dialect-neutral (BigQuery and DuckDB); ${...} are table names and DATE literals filled in by daybook check.
-- No apostrophes in comments: goccy/bigquery-emulator v0.8.1 takes one for the start of a string.
WITH raw AS (
  SELECT date, project_id, COUNT(*) AS n
  FROM ${transactions}
  WHERE date BETWEEN ${from} AND ${to}
  GROUP BY date, project_id
),
curated AS (
  SELECT date, project_id, num_transactions AS n
  FROM ${daily_volume}
  WHERE date BETWEEN ${from} AND ${to}
)
SELECT
  COALESCE(raw.date, curated.date) AS date,
  COALESCE(raw.project_id, curated.project_id) AS project_id,
  'num_transactions' AS detail,
  CAST(COALESCE(raw.n, 0) AS STRING) AS expected,
  CAST(COALESCE(curated.n, 0) AS STRING) AS actual
FROM raw
FULL OUTER JOIN curated ON raw.date = curated.date AND raw.project_id = curated.project_id
WHERE COALESCE(raw.n, 0) <> COALESCE(curated.n, 0)
ORDER BY date, project_id
