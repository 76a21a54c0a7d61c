CREATE TABLE IF NOT EXISTS ${table} (
  event_id STRING NOT NULL,
  ts TIMESTAMP NOT NULL,
  date DATE NOT NULL,
  event STRING NOT NULL,
  project_id STRING NOT NULL,
  chain_id INT64 NOT NULL,
  currency_address STRING NOT NULL,
  currency_symbol STRING,
  amount_raw BIGNUMERIC,
  amount_decimal BIGNUMERIC,
  source_uri STRING NOT NULL,
  source_generation INT64 NOT NULL,
  source_line INT64 NOT NULL,
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
  device_browser_ver STRING
)
PARTITION BY date
CLUSTER BY project_id, currency_address
