import { redirect } from "next/navigation";
import { HealthAlerts } from "@/components/health/health-alerts";
import { NAV_ITEMS } from "@/components/shell/nav-items";
import { NavLinks } from "@/components/shell/nav-links";
import { GlobalSearch } from "@/components/search/global-search";
import { QueryProvider } from "@/components/shell/query-provider";
import { SimulatorBanner } from "@/components/shell/simulator-banner";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { UserMenu } from "@/components/shell/user-menu";
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  // Each page checks its own permission too; this only decides what the shell shows.
  const actor = await getActor();
  if (!actor) redirect("/login");
  const items = NAV_ITEMS.filter((item) => can(actor.role, item.permission));
  return (
    <QueryProvider>
      <div className="flex min-h-screen flex-col">
        <SimulatorBanner />
        <HealthAlerts />
        <header className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
          <div className="flex items-center gap-3">
            <details className="md:hidden">
              <summary className="cursor-pointer list-none rounded-md border border-slate-300 px-2 py-1 text-sm dark:border-slate-700">
                Menu
              </summary>
              <nav
                aria-label="Main"
                className="absolute z-20 mt-2 w-56 rounded-md border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900"
              >
                <NavLinks items={items} />
              </nav>
            </details>
            <span className="font-semibold">Integrations Console</span>
          </div>
          {/* On a phone the box takes a row of its own under the title and menus. */}
          <div className="order-last flex w-full min-w-0 justify-center sm:order-none sm:w-auto sm:flex-1">
            <GlobalSearch />
          </div>
          <div className="flex shrink-0 items-center gap-2">
            <ThemeToggle />
            <UserMenu actor={actor} />
          </div>
        </header>
        <div className="flex flex-1">
          <nav
            aria-label="Main"
            className="hidden w-56 shrink-0 border-r border-slate-200 bg-white p-3 md:block dark:border-slate-800 dark:bg-slate-900"
          >
            <NavLinks items={items} />
          </nav>
          <main className="min-w-0 flex-1 p-4 md:p-8">{children}</main>
        </div>
      </div>
    </QueryProvider>
  );
}
