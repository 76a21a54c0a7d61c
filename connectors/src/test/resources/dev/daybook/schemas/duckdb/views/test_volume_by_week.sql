-- A view for DuckDbModelTest: the sink creates every view of schemas/duckdb/views after the tables.
CREATE OR REPLACE VIEW ${view} AS
SELECT d.iso_year, d.iso_week, CAST(SUM(v.num_transactions) AS BIGINT) AS num_transactions
FROM ${daily_volume} v JOIN ${dates} d ON d.date = v.date
GROUP BY d.iso_year, d.iso_week
