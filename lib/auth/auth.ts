import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import { encode as encodeJwt, type JWTEncodeParams } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit";
import { requestAddress } from "@/lib/audit/request-address";
import { getDb } from "@/lib/db/client";
import { appOrigin, getEnv, type Env } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";
import { safeCallbackUrl } from "@/lib/http/safe-callback";
import { auditEndedSession, checkSession, openSession, revokeSession } from "./sessions";
import { rejectionCode, verifySignIn, type SignInRejectionCode } from "./sign-in";

export class SignInRejected extends CredentialsSignin {
  constructor(code: SignInRejectionCode) {
    super();
    this.code = code;
  }
}

const tokenClaims = z.object({
  uid: z.uuid(),
  sv: z.number().int(),
  sid: z.string().min(20).max(64),
});
const signedInUser = z.object({
  id: z.uuid(),
  sessionVersion: z.number().int(),
  signInIp: z.string().nullable(),
});

/** Ends a token whose session was revoked, expired or idle, or whose user is gone or disabled. */
async function refreshToken(token: Record<string, unknown>) {
  const claims = tokenClaims.safeParse(token);
  if (!claims.success) return null;
  const check = await checkSession({
    sessionId: claims.data.sid,
    userId: claims.data.uid,
    sessionVersion: claims.data.sv,
  });
  if (!check.ok) {
    await auditEndedSession(check, { sessionId: claims.data.sid, ip: await requestAddress() });
    return null;
  }
  return {
    ...token,
    role: check.user.role,
    email: check.user.email,
    name: check.user.name,
    sexp: Math.floor(check.expiresAt.getTime() / 1000),
  };
}

async function startSession(
  token: Record<string, unknown>,
  user: { id: string; sessionVersion: number; ip: string | null },
) {
  const session = await openSession({ userId: user.id, ip: user.ip });
  return refreshToken({ ...token, uid: user.id, sv: user.sessionVersion, sid: session.id });
}

/**
 * Auth.js re-encodes the cookie with a fresh maxAge whenever the session is read; the token's
 * exp is pinned to the session's absolute end instead, so reading it never extends it.
 */
async function encodeWithFixedEnd(params: JWTEncodeParams) {
  const end = z.number().int().safeParse(params.token?.sexp);
  const maxAge = end.success
    ? Math.max(0, end.data - Math.floor(Date.now() / 1000))
    : params.maxAge;
  return encodeJwt({ ...params, maxAge });
}

export function buildAuthConfig(env: Env = getEnv()): NextAuthConfig {
  const config: NextAuthConfig = {
    secret: env.AUTH_SECRET,
    // The route handler hands Auth.js requests rebased on APP_URL (app/api/auth), so the host
    // it trusts is ours, never a forwarded header.
    trustHost: true,
    useSecureCookies: appOrigin(env).startsWith("https:"),
    session: { strategy: "jwt", maxAge: Math.ceil(env.SESSION_MAX_HOURS * 3600) },
    jwt: { encode: encodeWithFixedEnd },
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
          const ip = clientAddress(request.headers);
          const result = await verifySignIn({
            email: credentials.email,
            password: credentials.password,
            ip,
          });
          if (!result.ok) throw new SignInRejected(rejectionCode(result));
          return {
            id: result.actor.id,
            email: result.actor.email,
            sessionVersion: result.sessionVersion,
            signInIp: ip,
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
          return startSession(token, {
            id: dbUser.id,
            sessionVersion: dbUser.sessionVersion,
            ip: await requestAddress(),
          });
        }
        const signedIn = signedInUser.safeParse(user);
        if (signedIn.success) {
          return startSession(token, {
            id: signedIn.data.id,
            sessionVersion: signedIn.data.sessionVersion,
            ip: signedIn.data.signInIp,
          });
        }
        return refreshToken(token);
      },
      session({ session, token }) {
        const claims = z
          .object({ uid: z.string(), role: z.enum(["ADMIN", "SUPPORT", "VIEWER"]) })
          .parse(token);
        return { ...session, user: { ...session.user, id: claims.uid, role: claims.role } };
      },
      // Every post-sign-in redirect Auth.js makes (OIDC callbackUrl included) passes the one rule.
      redirect({ url }) {
        return safeCallbackUrl(url, appOrigin(env));
      },
    },
    events: {
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        const claims = tokenClaims.safeParse(token);
        if (claims.success) await revokeSession({ sessionId: claims.data.sid, reason: "sign_out" });
        const email = typeof token?.email === "string" ? token.email : null;
        await recordAudit({
          action: "auth.sign_out",
          outcome: "SUCCESS",
          actor: claims.success && email ? { id: claims.data.uid, email } : null,
          actorEmail: email,
          details: { sessionEnded: claims.success },
        });
      },
    },
  };
  return config;
}

export const { handlers, auth, signIn, signOut } = NextAuth(buildAuthConfig());
