-- The date dimension, as schemas/bigquery/dates.sql.
CREATE TABLE IF NOT EXISTS ${table} (
  date DATE NOT NULL,
  year BIGINT NOT NULL,
  quarter BIGINT NOT NULL,
  month BIGINT NOT NULL,
  iso_year BIGINT NOT NULL,
  iso_week BIGINT NOT NULL,
  day_of_week BIGINT NOT NULL,
  is_weekend BOOLEAN NOT NULL,
  PRIMARY KEY (date)
)
