/**
 * Where a provider in simulator mode points when no simulator is running (the console was not
 * started with `npm start`, which starts them): the discard port on loopback. Calls fail at once
 * with "could not reach", and nothing leaves the machine.
 */
export const SIMULATOR_NOT_RUNNING = "http://127.0.0.1:9";
