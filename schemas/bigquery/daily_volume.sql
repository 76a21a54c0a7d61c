-- The daily-volume table: one row per (UTC day, project). ${table} is `project.dataset.table`.
-- The seed's four columns, then Daybook's: unpriced_transactions (counted but not yet valued),
-- updated_at (when the sink last wrote the row) and version (the daily-volume topic's version of the
-- key, which the sink's MERGE uses so that a replayed older row never overwrites a newer one).
CREATE TABLE IF NOT EXISTS ${table} (
  date DATE NOT NULL,
  project_id STRING NOT NULL,
  num_transactions INT64 NOT NULL,
  total_volume_usd FLOAT64 NOT NULL,
  unpriced_transactions INT64 NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  version INT64 NOT NULL
)
PARTITION BY date
CLUSTER BY project_id
