-- daily_currency_volume adds up to daily_volume for each (date, project_id): its transactions and its
-- unpriced transactions exactly, one row per measure that differs, a row missing on either side counting
-- zero. Both volume columns are FLOAT64, each the double nearest an exact sum: the sum of the doubles of
-- k currencies may differ from the double of the day by the rounding of those k + 1 values and of the k - 1 additions,
-- at most about k * 2^-52 of the total, so the volume differs when it is off by more than k * 1e-15 of it
-- (a cent in a billion dollars is 1e-11). Dialect-neutral; ${...} are filled in by daybook check.
WITH currencies AS (
  SELECT
    date,
    project_id,
    SUM(num_transactions) AS num_transactions,
    SUM(unpriced_transactions) AS unpriced_transactions,
    SUM(volume_usd) AS volume_usd,
    COUNT(*) AS currencies
  FROM ${daily_currency_volume}
  WHERE date BETWEEN ${from} AND ${to}
  GROUP BY date, project_id
),
daily AS (
  SELECT date, project_id, num_transactions, unpriced_transactions, total_volume_usd
  FROM ${daily_volume}
  WHERE date BETWEEN ${from} AND ${to}
),
compared AS (
  SELECT
    COALESCE(c.date, d.date) AS date,
    COALESCE(c.project_id, d.project_id) AS project_id,
    COALESCE(c.num_transactions, 0) AS currency_transactions,
    COALESCE(d.num_transactions, 0) AS daily_transactions,
    COALESCE(c.unpriced_transactions, 0) AS currency_unpriced,
    COALESCE(d.unpriced_transactions, 0) AS daily_unpriced,
    COALESCE(c.volume_usd, 0) AS currency_volume,
    COALESCE(d.total_volume_usd, 0) AS daily_volume,
    COALESCE(c.currencies, 0) AS currencies
  FROM currencies c
  FULL OUTER JOIN daily d ON c.date = d.date AND c.project_id = d.project_id
)
SELECT date, project_id, detail, expected, actual FROM (
  SELECT date, project_id, 'num_transactions' AS detail,
    CAST(currency_transactions AS STRING) AS expected, CAST(daily_transactions AS STRING) AS actual
  FROM compared WHERE currency_transactions <> daily_transactions
  UNION ALL
  SELECT date, project_id, 'unpriced_transactions' AS detail,
    CAST(currency_unpriced AS STRING) AS expected, CAST(daily_unpriced AS STRING) AS actual
  FROM compared WHERE currency_unpriced <> daily_unpriced
  UNION ALL
  SELECT date, project_id, 'total_volume_usd' AS detail,
    CAST(currency_volume AS STRING) AS expected, CAST(daily_volume AS STRING) AS actual
  FROM compared
  WHERE ABS(currency_volume - daily_volume) > currencies * 1e-15 * GREATEST(ABS(currency_volume), ABS(daily_volume))
) differences
ORDER BY date, project_id, detail
