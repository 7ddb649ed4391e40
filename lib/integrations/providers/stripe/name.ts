/** The provider's name in the registry, the inbox and the API-call log. */
export const STRIPE = "stripe";
