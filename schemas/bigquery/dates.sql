-- The date dimension: one row per UTC day present in the dated tables (transactions, daily_volume,
-- daily_currency_volume, coin_daily). iso_year and iso_week are ISO 8601's (a week starts on Monday and
-- belongs to the year of its Thursday); day_of_week is 1 (Monday) to 7 (Sunday); is_weekend is Saturday or
-- Sunday. ${table} is `project.dataset.dates`.
CREATE TABLE IF NOT EXISTS ${table} (
  date DATE NOT NULL,
  year INT64 NOT NULL,
  quarter INT64 NOT NULL,
  month INT64 NOT NULL,
  iso_year INT64 NOT NULL,
  iso_week INT64 NOT NULL,
  day_of_week INT64 NOT NULL,
  is_weekend BOOL NOT NULL
)
