// Runs once when a server instance starts, before it serves requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before anything else: every request from now on carries its real socket address.
  const { installPeerAddressHeader } = await import("@/lib/http/peer-address");
  installPeerAddressHeader();
  const { onServerStart } = await import("@/lib/server-start");
  await onServerStart();
}
