import type { FaultStep } from "../host/faults";
import type { ReceivedRequest } from "../host/received";
import { startGenericSimulator, type GenericSimulator } from "../generic";

/**
 * The fault-injecting HTTP server the integration tests and the benchmark use, kept with its
 * original API: the generic simulator's host underneath, whose scripted steps and default answer
 * ({ ok: true, seq }) are the same. Each request takes the next scripted step (status, latency,
 * Retry-After, rate-limit headers, a reset connection, or no answer at all), and every request is
 * recorded with its timestamp and headers so tests can assert on the provider's side.
 */
export type { FaultStep } from "../host/faults";
export type { ReceivedRequest } from "../host/received";

export interface FaultSimulator {
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Queues steps for matching requests (all requests when no match is given); first match wins. */
  script(
    steps: FaultStep[],
    options?: { method?: string; path?: string | RegExp; repeatLast?: boolean },
  ): void;
  /** The answer once the scripts are used up. */
  setDefault(step: FaultStep): void;
  /** Forgets scripts, the default and what was received. */
  reset(): void;
  close(): Promise<void>;
  /** The generic simulator underneath: ledger, webhooks, control endpoints. */
  readonly simulator: GenericSimulator;
}

export async function startFaultSimulator(
  options: { clock?: { now(): number }; host?: string } = {},
): Promise<FaultSimulator> {
  const simulator = await startGenericSimulator({ clock: options.clock, host: options.host });
  return {
    url: simulator.url,
    received: simulator.received,
    script: (steps, scriptOptions) => simulator.faults.script(steps, scriptOptions),
    setDefault: (step) => simulator.faults.setDefault(step),
    reset() {
      simulator.faults.reset();
      simulator.clearReceived();
    },
    close: () => simulator.close(),
    simulator,
  };
}
