import type http from "node:http";
import type { SimResponse } from "./module";

export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
  return { status, body, headers };
}

export function writeResponse(
  res: http.ServerResponse,
  response: SimResponse,
  extraHeaders?: Record<string, string>,
): void {
  const text = response.text ?? (response.body === undefined ? "" : JSON.stringify(response.body));
  const headers: Record<string, string> = {
    ...(response.text === undefined ? { "content-type": "application/json" } : {}),
    ...response.headers,
    ...extraHeaders,
  };
  res.writeHead(response.status, headers);
  res.end(text);
}

/** Parses a JSON request body; an empty body is `undefined`. */
export function parseJsonBody(
  body: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (body.trim() === "") return { ok: true, value: undefined };
  try {
    const value: unknown = JSON.parse(body);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : "invalid JSON" };
  }
}
