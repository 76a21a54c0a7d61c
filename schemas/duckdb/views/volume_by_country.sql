-- Volume by country, a question only the raw layer answers: per (date, project_id, country), its
-- transactions and USD volume. Each amount is priced with the price of its coin that day
-- (coin_daily), in DOUBLE: a reading for analysts, not the exact figures of daily_volume. Transactions without
-- a token or a price are left out of volume_usd and counted in unpriced_transactions; those without a country
-- are grouped under a null country.
-- ${view} is the full name of the view, ${transactions}, ${tokens} and ${coin_daily} those of the tables.
CREATE VIEW IF NOT EXISTS ${view} AS
WITH priced AS (
  SELECT
    x.date,
    x.project_id,
    x.country,
    IF(x.amount_raw IS NOT NULL,
       TRY_CAST(x.amount_raw AS DOUBLE) / POW(10, t.decimals),
       TRY_CAST(x.amount_decimal AS DOUBLE)) * c.price_usd AS volume_usd
  FROM ${transactions} x
  LEFT JOIN ${tokens} t ON t.chain_id = x.chain_id AND t.address = x.currency_address
  LEFT JOIN ${coin_daily} c ON c.coin_id = t.coin_id AND c.date = x.date
)
SELECT
  date,
  project_id,
  country,
  COUNT(*) AS num_transactions,
  COALESCE(SUM(volume_usd), 0) AS volume_usd,
  COUNT(*) FILTER (WHERE volume_usd IS NULL) AS unpriced_transactions
FROM priced
GROUP BY date, project_id, country
