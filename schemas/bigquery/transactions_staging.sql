-- Where the sink appends the raw layer through the Storage Write API, at least once, before a merge moves
-- each event id once into `transactions` (docs/bigquery.md, "The raw layer"). The columns of transactions.sql;
-- not partitioned: it holds only what is not merged yet, and a merge reads all of it. ${table} is
-- `project.dataset.transactions_staging`.
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
