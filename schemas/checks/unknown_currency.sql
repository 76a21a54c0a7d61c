-- Every currency of the raw layer is in tokens or counted unpriced: for each (date, project_id, chain,
-- currency) whose currency tokens does not know, daily_currency_volume counts all its transactions as
-- unpriced. Dialect-neutral; ${...} are filled in by daybook check.
WITH unknown AS (
  SELECT t.date, t.project_id, t.chain_id, t.currency_address, COUNT(*) AS n
  FROM ${transactions} t
  LEFT JOIN ${tokens} k ON k.chain_id = t.chain_id AND k.address = t.currency_address
  WHERE t.date BETWEEN ${from} AND ${to} AND k.address IS NULL
  GROUP BY t.date, t.project_id, t.chain_id, t.currency_address
)
SELECT
  u.date AS date,
  u.project_id AS project_id,
  CONCAT('unpriced_transactions of chain ', CAST(u.chain_id AS STRING), ' currency ', u.currency_address) AS detail,
  CAST(u.n AS STRING) AS expected,
  CAST(COALESCE(c.unpriced_transactions, 0) AS STRING) AS actual
FROM unknown u
LEFT JOIN ${daily_currency_volume} c
  ON c.date = u.date AND c.project_id = u.project_id
  AND c.chain_id = u.chain_id AND c.currency_address = u.currency_address
WHERE COALESCE(c.unpriced_transactions, 0) <> u.n
ORDER BY date, project_id, detail
