import { webhookRoute } from "@/lib/webhooks/route";

// Signature-authenticated: no session, no Origin check (see proxy.ts).
export const POST = webhookRoute();
