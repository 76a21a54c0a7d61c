-- Volume by currency with the symbol and name of the token and the USD price of the coin that day: each row of
-- daily_currency_volume with its asset. symbol, token_name and coin_id are null for a currency tokens does not
-- know (its transactions are all unpriced); price_usd is null for a day without a rate.
-- ${view} is the full name of the view, ${daily_currency_volume}, ${tokens} and ${coin_daily} those of the tables.
CREATE VIEW IF NOT EXISTS ${view} AS
SELECT
  v.date,
  v.project_id,
  v.chain_id,
  v.currency_address,
  t.symbol,
  t.name AS token_name,
  t.coin_id,
  c.price_usd,
  v.num_transactions,
  v.volume_usd,
  v.unpriced_transactions
FROM ${daily_currency_volume} v
LEFT JOIN ${tokens} t ON t.chain_id = v.chain_id AND t.address = v.currency_address
LEFT JOIN ${coin_daily} c ON c.coin_id = t.coin_id AND c.date = v.date
