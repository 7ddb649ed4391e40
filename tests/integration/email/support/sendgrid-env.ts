// Imported first by every email test file: the console's environment is read once per process
// (the logger reads it on import), so SendGrid's variables must be set before anything else
// loads. The simulator itself starts later, on the port and with the key chosen here.
import { createPublicKey, createPrivateKey } from "node:crypto";
import net from "node:net";
import { generateSendgridSigningKey } from "@/simulators/sendgrid/signer";

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const simulatorPort = await freePort();
export const signingKey = generateSendgridSigningKey();
const publicKey = createPublicKey(
  createPrivateKey({ key: Buffer.from(signingKey, "base64"), format: "der", type: "pkcs8" }),
)
  .export({ format: "der", type: "spki" })
  .toString("base64");

process.env.SENDGRID_API_BASE = `http://127.0.0.1:${simulatorPort}`;
process.env.SENDGRID_SIMULATOR_PUBLIC_KEY = publicKey;
process.env.SENDGRID_EVENT_WAIT_SECONDS ??= "900";
delete process.env.SENDGRID_API_KEY;
delete process.env.SENDGRID_WEBHOOK_PUBLIC_KEY;
