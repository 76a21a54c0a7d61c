-- The asset dimension, as schemas/bigquery/tokens.sql.
CREATE TABLE IF NOT EXISTS ${table} (
  chain_id BIGINT NOT NULL,
  address VARCHAR NOT NULL,
  symbol VARCHAR,
  decimals BIGINT NOT NULL,
  coin_id VARCHAR NOT NULL,
  name VARCHAR,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (chain_id, address)
)
