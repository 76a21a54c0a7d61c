-- Top collections per day, a question only the raw layer answers: per (date, chain_id, collection_address),
-- its transactions, projects and USD volume, and its rank among the collections of the day by volume (1 = the
-- most), e.g. the ten largest of the day: WHERE volume_rank <= 10. Each amount is priced with the price of its
-- coin that day (coin_daily), in FLOAT64: a reading for analysts, not the exact figures of
-- daily_volume. Transactions without a token or a price are left out of volume_usd and
-- counted in unpriced_transactions; those without a collection are grouped under a null collection_address.
-- ${view} is the full name of the view, ${transactions}, ${tokens} and ${coin_daily} those of the tables.
CREATE VIEW IF NOT EXISTS ${view} AS
WITH priced AS (
  SELECT
    x.date,
    x.chain_id,
    x.collection_address,
    x.project_id,
    IF(x.amount_raw IS NOT NULL,
       SAFE_CAST(x.amount_raw AS FLOAT64) / POW(10, t.decimals),
       SAFE_CAST(x.amount_decimal AS FLOAT64)) * c.price_usd AS volume_usd
  FROM ${transactions} x
  LEFT JOIN ${tokens} t ON t.chain_id = x.chain_id AND t.address = x.currency_address
  LEFT JOIN ${coin_daily} c ON c.coin_id = t.coin_id AND c.date = x.date
),
collections AS (
  SELECT
    date,
    chain_id,
    collection_address,
    COUNT(*) AS num_transactions,
    COUNT(DISTINCT project_id) AS projects,
    COALESCE(SUM(volume_usd), 0) AS volume_usd,
    COUNTIF(volume_usd IS NULL) AS unpriced_transactions
  FROM priced
  GROUP BY date, chain_id, collection_address
)
SELECT
  date,
  chain_id,
  collection_address,
  num_transactions,
  projects,
  volume_usd,
  unpriced_transactions,
  RANK() OVER (PARTITION BY date ORDER BY volume_usd DESC) AS volume_rank
FROM collections
