// Empty on purpose: without an instrumentation file of its own, Turbopack builds the repository
// root's instrumentation.ts (the console's start-up) into this app. See proxy.ts.
export function register() {}
