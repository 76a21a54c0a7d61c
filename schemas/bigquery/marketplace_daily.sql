-- The seed's aggregated volume, by day: the whole marketplace's totals across projects. The sink
-- creates it, when missing, next to its table as `<table>_marketplace_daily`; ${view} and ${table} are
-- `project.dataset.name`.
CREATE VIEW IF NOT EXISTS ${view} AS
SELECT
  date,
  COUNT(*) AS projects,
  SUM(num_transactions) AS num_transactions,
  SUM(total_volume_usd) AS total_volume_usd,
  SUM(unpriced_transactions) AS unpriced_transactions
FROM ${table}
GROUP BY date
