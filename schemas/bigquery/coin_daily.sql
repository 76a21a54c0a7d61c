-- Market data per coin and UTC day, from the rates topic: the USD price Daybook values transactions with and,
-- where the source gives them, the market cap and 24-hour volume in USD. ${table} is
-- `project.dataset.coin_daily`. One row per (coin_id, date); a corrected rate replaces the row.
CREATE TABLE IF NOT EXISTS ${table} (
  coin_id STRING NOT NULL,
  date DATE NOT NULL,
  price_usd FLOAT64 NOT NULL,
  market_cap_usd FLOAT64,
  volume_24h_usd FLOAT64,
  source STRING NOT NULL,
  updated_at TIMESTAMP NOT NULL
)
PARTITION BY date
CLUSTER BY coin_id
