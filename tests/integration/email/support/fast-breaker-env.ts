// Imported before ./sendgrid-env by tests that open SendGrid's circuit: a breaker that opens after
// two failures and lets a trial call through after a second and a half, instead of half a minute.
process.env.INTEGRATIONS_CONFIG = JSON.stringify({
  overrides: {
    sendgrid: {
      breaker: {
        minimumCalls: 2,
        windowSize: 4,
        failureRateThreshold: 0.5,
        halfOpenAfterMs: 1_500,
        halfOpenMaxCalls: 1,
      },
    },
  },
});
