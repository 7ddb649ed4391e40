import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: "ADMIN" | "SUPPORT" | "VIEWER" } & DefaultSession["user"];
  }
  interface User {
    sessionVersion?: number;
  }
}
