import { AsyncLocalStorage, createHook } from "node:async_hooks";

/**
 * Prisma's WASM schema engine races its PostgreSQL advisory lock against a 10 s timer and
 * never clears the timer once the lock is taken (its JS glue binds setTimeout but not
 * clearTimeout), so a finished migration would keep the process alive for another 10 s.
 * Timers created while `clearingTimersOf` runs its work are recorded through an async hook,
 * scoped by AsyncLocalStorage so that other code's timers are never touched, and the ones
 * still pending are cleared when the work ends.
 */
const scope = new AsyncLocalStorage<Set<object>>();
const hook = createHook({
  init(_asyncId, type, _triggerAsyncId, resource) {
    if (type === "Timeout") scope.getStore()?.add(resource);
  },
});
let running = 0;

function isTimeout(resource: object): resource is NodeJS.Timeout {
  return "hasRef" in resource && "refresh" in resource;
}

export async function clearingTimersOf<T>(work: () => Promise<T>): Promise<T> {
  const timers = new Set<object>();
  if (running++ === 0) hook.enable();
  try {
    return await scope.run(timers, work);
  } finally {
    if (--running === 0) hook.disable();
    for (const timer of timers) if (isTimeout(timer)) clearTimeout(timer);
  }
}
