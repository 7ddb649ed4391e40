// The SendGrid simulator in a process of its own, for the bulk-send benchmark: its ledger of
// 100,000 messages must not count towards the console's memory. Prints one JSON line with its URL
// and the public key its events are signed with, then serves until killed.
import { startSendgridSimulator } from "../../simulators/sendgrid";

const limit = Number(process.env.SIM_RATE_LIMIT ?? 10);
const windowMs = Number(process.env.SIM_RATE_WINDOW_MS ?? 1_000);
const sim = await startSendgridSimulator({
  rateLimitPerMinute: limit,
  rateLimitWindowMs: windowMs,
  lifecycle: { auto: false },
  historyLimit: 1_000,
});
process.stdout.write(
  `${JSON.stringify({ url: sim.url, publicKey: sim.webhooks.signer.verificationKey, limit, windowMs })}\n`,
);
process.on("SIGTERM", () => void sim.close().then(() => process.exit(0)));
