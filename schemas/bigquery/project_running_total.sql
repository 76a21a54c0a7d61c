-- The seed's aggregated volume, per project: each project's day and its running total up to and
-- including that day. The sink creates it, when missing, next to its table as
-- `<table>_project_running_total`; ${view} and ${table} are `project.dataset.name`.
CREATE VIEW IF NOT EXISTS ${view} AS
SELECT
  date,
  project_id,
  num_transactions,
  total_volume_usd,
  SUM(num_transactions) OVER (PARTITION BY project_id ORDER BY date ROWS UNBOUNDED PRECEDING) AS running_num_transactions,
  SUM(total_volume_usd) OVER (PARTITION BY project_id ORDER BY date ROWS UNBOUNDED PRECEDING) AS running_total_volume_usd
FROM ${table}
