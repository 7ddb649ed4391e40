import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import { ZodJitless } from "@/components/security/zod-jitless";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Integrations Console", template: "%s · Integrations Console" },
  description: "Operations console for payments, email and other third-party integrations.",
};

// Applied before paint so a saved or system dark preference never flashes light.
const themeScript = `(() => {
  const saved = document.cookie.match(/(?:^|; )theme=(light|dark)/)?.[1];
  const dark = saved ? saved === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
  document.documentElement.classList.toggle("dark", dark);
})();`;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const theme = (await cookies()).get("theme")?.value;
  // The proxy's per-request CSP nonce; without it the browser would refuse this inline script.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" className={theme === "dark" ? "dark" : undefined} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <ZodJitless />
        {children}
      </body>
    </html>
  );
}
