/** A Stripe balance object: what GET /v1/balance answers, the console's connection check. */
export function balanceObject(currency = "usd") {
  const amounts = [{ amount: 0, currency, source_types: { card: 0 } }];
  return {
    object: "balance",
    available: amounts,
    livemode: false,
    pending: amounts,
  };
}
