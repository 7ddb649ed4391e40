// The minimal route behind a no-op proxy (see proxy.ts): the cost of the proxy machinery alone.
export { POST } from "../ingest/route";
