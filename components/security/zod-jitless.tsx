"use client";

import { z } from "zod";

// Zod probes for eval with `Function("")` the first time it parses an object; under our CSP the
// probe fails (as intended) but the browser still reports a violation. Jitless mode skips it.
z.config({ jitless: true });

export function ZodJitless() {
  return null;
}
