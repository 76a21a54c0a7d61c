-- The raw layer holds each event once: one row per event id found more than once, at its first
-- (date, project_id). Dialect-neutral; ${...} are filled in by daybook check.
SELECT
  MIN(date) AS date,
  MIN(project_id) AS project_id,
  CONCAT('event_id ', event_id) AS detail,
  '1' AS expected,
  CAST(COUNT(*) AS STRING) AS actual
FROM ${transactions}
WHERE date BETWEEN ${from} AND ${to}
GROUP BY event_id
HAVING COUNT(*) > 1
ORDER BY date, project_id, detail
