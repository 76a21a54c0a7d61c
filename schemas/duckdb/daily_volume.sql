-- The daily-volume table, as schemas/bigquery/daily_volume.sql: one row per (UTC day, project). A row is
-- replaced only by a row of higher version.
CREATE TABLE IF NOT EXISTS ${table} (
  date DATE NOT NULL,
  project_id VARCHAR NOT NULL,
  num_transactions BIGINT NOT NULL,
  total_volume_usd DOUBLE NOT NULL,
  unpriced_transactions BIGINT NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (date, project_id)
)
