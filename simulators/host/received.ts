import type http from "node:http";
import { appendBounded } from "./history";

export interface ReceivedRequest {
  /** 1 for the first request since the simulator started or was reset. */
  seq: number;
  /** On the simulator's clock (the test's virtual clock when one is given). */
  at: number;
  method: string;
  /** With the query string. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

export function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/**
 * What a simulator received, oldest first. `entries` stays the same array for the simulator's
 * life, so a test may hold on to it across resets.
 */
export class RequestLog {
  readonly entries: ReceivedRequest[] = [];
  private seq = 0;

  constructor(private readonly limit = Number.POSITIVE_INFINITY) {}

  record(request: Omit<ReceivedRequest, "seq">): ReceivedRequest {
    this.seq += 1;
    const entry = { seq: this.seq, ...request };
    appendBounded(this.entries, entry, this.limit);
    return entry;
  }

  clear(): void {
    this.entries.length = 0;
    this.seq = 0;
  }
}
