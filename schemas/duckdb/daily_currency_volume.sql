-- Daily volume by currency, as schemas/bigquery/daily_currency_volume.sql. A row is replaced only by a row
-- of higher version.
CREATE TABLE IF NOT EXISTS ${table} (
  date DATE NOT NULL,
  project_id VARCHAR NOT NULL,
  chain_id BIGINT NOT NULL,
  currency_address VARCHAR NOT NULL,
  num_transactions BIGINT NOT NULL,
  volume_usd DOUBLE NOT NULL,
  unpriced_transactions BIGINT NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (date, project_id, chain_id, currency_address)
)
