-- The raw layer: one row per accepted transaction (after deduplication), every meaningful column of its input
-- row as received, plus where it came from. ${table} is `project.dataset.transactions`. An event_id appears
-- once (see docs/bigquery.md for how the writer keeps it so). Amounts are exact digits: amount_raw in the
-- currency's base units (up to 78 digits, beyond BIGNUMERIC), amount_decimal as the row gave it; either may be
-- null, not both. Cast to compute, e.g. CAST(amount_raw AS BIGNUMERIC).
CREATE TABLE IF NOT EXISTS ${table} (
  event_id STRING NOT NULL,
  ts TIMESTAMP NOT NULL,
  date DATE NOT NULL,
  event STRING NOT NULL,
  project_id STRING NOT NULL,
  chain_id INT64 NOT NULL,
  currency_address STRING NOT NULL,
  currency_symbol STRING,
  amount_raw STRING,
  amount_decimal STRING,
  app STRING,
  collection_address STRING,
  token_id STRING,
  txn_hash STRING,
  marketplace_type STRING,
  request_id STRING,
  country STRING,
  device_type STRING,
  device_os STRING,
  device_os_ver STRING,
  device_browser STRING,
  device_browser_ver STRING,
  source_uri STRING NOT NULL,
  source_generation INT64 NOT NULL,
  source_line INT64 NOT NULL
)
PARTITION BY date
CLUSTER BY project_id, currency_address
