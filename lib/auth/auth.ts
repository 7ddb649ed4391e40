import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit";
import { getDb } from "@/lib/db/client";
import { getEnv, type Env } from "@/lib/env";
import { clientIp } from "./client-ip";
import { verifySignIn } from "./sign-in";

export class SignInRejected extends CredentialsSignin {
  constructor(code: "invalid_input" | "invalid_credentials" | "throttled") {
    super();
    this.code = code;
  }
}

const tokenClaims = z.object({ uid: z.uuid(), sv: z.number().int() });

/** Ends a token whose user is gone, disabled or whose sessions were revoked. */
async function refreshToken(token: Record<string, unknown>) {
  const claims = tokenClaims.safeParse(token);
  if (!claims.success) return null;
  const user = await getDb().user.findUnique({ where: { id: claims.data.uid } });
  const reason = !user
    ? "user_deleted"
    : user.disabledAt
      ? "user_disabled"
      : user.sessionVersion !== claims.data.sv
        ? "session_revoked"
        : null;
  if (!user || reason) {
    await recordAudit({
      action: "access.denied",
      outcome: "DENIED",
      actor: user ? { id: user.id, email: user.email } : null,
      details: { reason },
    });
    return null;
  }
  return { ...token, role: user.role, email: user.email, name: user.name };
}

export function buildAuthConfig(env: Env = getEnv()): NextAuthConfig {
  const config: NextAuthConfig = {
    secret: env.AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    logger: {
      // Auth.js logs a stack for every rejected password; our audit log already records it.
      error: (error) => {
        if (!(error instanceof CredentialsSignin)) console.error(error);
      },
      warn: () => {},
    },
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        async authorize(credentials, request) {
          const result = await verifySignIn({
            email: credentials.email,
            password: credentials.password,
            ip: clientIp(request.headers),
          });
          if (!result.ok) throw new SignInRejected(result.reason);
          return {
            id: result.actor.id,
            email: result.actor.email,
            sessionVersion: result.sessionVersion,
          };
        },
      }),
      ...(env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET
        ? [
            {
              id: "oidc",
              name: env.AUTH_OIDC_NAME ?? "Single sign-on",
              type: "oidc" as const,
              issuer: env.AUTH_OIDC_ISSUER,
              clientId: env.AUTH_OIDC_ID,
              clientSecret: env.AUTH_OIDC_SECRET,
            },
          ]
        : []),
    ],
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc") return true;
        // Single sign-on only admits people an admin has already added, with their role.
        const email = typeof profile?.email === "string" ? profile.email.toLowerCase() : null;
        const user = email ? await getDb().user.findUnique({ where: { email } }) : null;
        const allowed = Boolean(user && !user.disabledAt && profile?.email_verified !== false);
        await recordAudit({
          action: allowed ? "auth.sign_in" : "auth.sign_in_failed",
          outcome: allowed ? "SUCCESS" : "FAILURE",
          actor: user ? { id: user.id, email: user.email } : null,
          actorEmail: email,
          details: {
            provider: "oidc",
            ...(allowed ? {} : { reason: user ? "user_disabled" : "unknown_email" }),
          },
        });
        return allowed;
      },
      async jwt({ token, user, account, profile }) {
        if (account?.provider === "oidc" && typeof profile?.email === "string") {
          const dbUser = await getDb().user.findUnique({
            where: { email: profile.email.toLowerCase() },
          });
          if (!dbUser) return null;
          return refreshToken({ ...token, uid: dbUser.id, sv: dbUser.sessionVersion });
        }
        if (user && "sessionVersion" in user && typeof user.sessionVersion === "number") {
          return refreshToken({ ...token, uid: user.id, sv: user.sessionVersion });
        }
        return refreshToken(token);
      },
      session({ session, token }) {
        const claims = z
          .object({ uid: z.string(), role: z.enum(["ADMIN", "SUPPORT", "VIEWER"]) })
          .parse(token);
        return { ...session, user: { ...session.user, id: claims.uid, role: claims.role } };
      },
    },
  };
  return config;
}

export const { handlers, auth, signIn, signOut } = NextAuth(buildAuthConfig());
