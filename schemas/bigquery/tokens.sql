-- The asset dimension: one row per currency, (chain_id, address), from the tokens topic. address is in lower
-- case, as in transactions.currency_address and daily_currency_volume.currency_address. name is null where
-- the token's source gives none. ${table} is `project.dataset.tokens`.
CREATE TABLE IF NOT EXISTS ${table} (
  chain_id INT64 NOT NULL,
  address STRING NOT NULL,
  symbol STRING,
  decimals INT64 NOT NULL,
  coin_id STRING NOT NULL,
  name STRING,
  updated_at TIMESTAMP NOT NULL
)
