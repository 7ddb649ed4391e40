import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { clientIp } from "@/lib/auth/client-ip";
import { AppError, isAppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/route";
import { findProvider } from "@/lib/integrations/runtime";
import { logger } from "@/lib/logger";
import { receiveWebhook } from "./ingest";
import { readRawBody } from "./raw-body";

/**
 * POST /api/webhooks/<provider>: read the raw body (413 past the limit), verify it with the
 * provider's module, store it and enqueue its job in one transaction, then answer 2xx. Nothing
 * is applied here. Any failure to store answers 503, so the provider delivers again later.
 */
export function webhookRoute() {
  return async (request: NextRequest, context: { params: Promise<{ provider: string }> }) => {
    try {
      const { provider: name } = await context.params;
      const provider = findProvider(name);
      if (!provider?.webhooks)
        throw new AppError("NOT_FOUND", "There is no webhook endpoint here.");
      const rawBody = await readRawBody(request);
      const result = await receiveWebhook({
        provider,
        rawBody,
        headers: request.headers,
        sourceIp: clientIp(request.headers),
      });
      return NextResponse.json({ received: true, ...result });
    } catch (error) {
      if (isAppError(error)) return errorResponse(error, request);
      logger.error({ err: error, path: request.nextUrl.pathname }, "webhook could not be stored");
      return errorResponse(
        new AppError(
          "PROVIDER_UNAVAILABLE",
          "The webhook could not be stored; deliver it again later.",
        ),
        request,
      );
    }
  };
}
