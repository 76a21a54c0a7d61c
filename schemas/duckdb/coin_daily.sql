-- Market data per coin and UTC day, as schemas/bigquery/coin_daily.sql.
CREATE TABLE IF NOT EXISTS ${table} (
  coin_id VARCHAR NOT NULL,
  date DATE NOT NULL,
  price_usd DOUBLE NOT NULL,
  market_cap_usd DOUBLE,
  volume_24h_usd DOUBLE,
  source VARCHAR NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (coin_id, date)
)
