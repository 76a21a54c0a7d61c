-- Daily volume by currency: one row per (UTC day, project, chain, currency), the priced buckets the topology
-- sums into daily_volume, so that they add up to it: per (date, project_id), SUM(num_transactions) and
-- SUM(unpriced_transactions) equal daily_volume's, and SUM(volume_usd) its total_volume_usd (each a double of
-- an exact sum). ${table} is `project.dataset.daily_currency_volume`. version grows with every change of the
-- key (the daily-currency-volume topic's), so that a replayed older row never overwrites a newer one.
CREATE TABLE IF NOT EXISTS ${table} (
  date DATE NOT NULL,
  project_id STRING NOT NULL,
  chain_id INT64 NOT NULL,
  currency_address STRING NOT NULL,
  num_transactions INT64 NOT NULL,
  volume_usd FLOAT64 NOT NULL,
  unpriced_transactions INT64 NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  version INT64 NOT NULL
)
PARTITION BY date
CLUSTER BY project_id
