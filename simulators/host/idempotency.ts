import { createHash } from "node:crypto";
import { canonicalJson } from "./json";
import type { SimResponse } from "./module";

/**
 * Idempotency keys as payment providers implement them: the first request with a key runs and
 * its answer is stored; a retry with the same key and the same parameters gets the stored answer
 * without running again; the same key with other parameters, or while the first request is still
 * running, is an error whose shape each simulator decides.
 */
export type IdempotencyDecision =
  | { kind: "new" }
  | { kind: "replay"; response: SimResponse }
  | { kind: "mismatch" }
  | { kind: "in_flight" };

/** What makes two requests "the same": method, path without query, and the parsed parameters. */
export function requestFingerprint(method: string, path: string, params: unknown): string {
  return createHash("sha256")
    .update(`${method.toUpperCase()} ${path.split("?")[0] ?? path}\n${canonicalJson(params)}`)
    .digest("base64url");
}

interface Entry {
  fingerprint: string;
  response?: SimResponse;
}

export interface IdempotencyErrors {
  mismatch: () => SimResponse;
  inFlight: () => SimResponse;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** Claims the key for a new request, or says why the request must not run. */
  begin(key: string, fingerprint: string): IdempotencyDecision {
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { fingerprint });
      return { kind: "new" };
    }
    if (entry.fingerprint !== fingerprint) return { kind: "mismatch" };
    if (!entry.response) return { kind: "in_flight" };
    return { kind: "replay", response: entry.response };
  }

  complete(key: string, response: SimResponse): void {
    const entry = this.entries.get(key);
    if (entry) entry.response = response;
  }

  /** The request failed before it had an answer: a retry with the key may run again. */
  release(key: string): void {
    const entry = this.entries.get(key);
    if (entry && !entry.response) this.entries.delete(key);
  }

  /**
   * Runs `produce` once per key. Without a key it simply runs. A replayed answer carries
   * `replayed: true` so a simulator can add the header its provider sends.
   */
  async run(
    key: string | undefined,
    fingerprint: string,
    produce: () => SimResponse | Promise<SimResponse>,
    errors: IdempotencyErrors,
  ): Promise<{ response: SimResponse; replayed: boolean }> {
    if (key === undefined) return { response: await produce(), replayed: false };
    const decision = this.begin(key, fingerprint);
    switch (decision.kind) {
      case "mismatch":
        return { response: errors.mismatch(), replayed: false };
      case "in_flight":
        return { response: errors.inFlight(), replayed: false };
      case "replay":
        return { response: decision.response, replayed: true };
      case "new":
        break;
    }
    try {
      const response = await produce();
      this.complete(key, response);
      return { response, replayed: false };
    } catch (error) {
      this.release(key);
      throw error;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
