-- Volume by currency with the token's symbol and name and the coin's USD price that day: each row of
-- daily_currency_volume with its asset. symbol, token_name and coin_id are null for a currency tokens does not
-- know (its transactions are all unpriced); price_usd is null for a day without a rate.
-- ${view} is the view's full name, ${daily_currency_volume}, ${tokens} and ${coin_daily} the tables'.
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
