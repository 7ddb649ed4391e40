"use client";

import { useState, useTransition } from "react";
import { checkConnectionAction, controlCircuitAction } from "@/app/(console)/integrations/actions";

interface Circuit {
  provider: string;
  displayName: string;
  state: string;
  forced: boolean;
  reason: string | null;
  openUntil: string | null;
  updatedAt: string | null;
  rateLimitPerSecond: number;
  mode: "live" | "simulator" | "configured";
  canCheckConnection: boolean;
}

interface Transition {
  id: string;
  provider: string;
  from: string;
  to: string;
  reason: string | null;
  at: string;
}

const STATE_STYLE: Record<string, string> = {
  CLOSED: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
  FORCED_CLOSED: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  HALF_OPEN: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  OPEN: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
  FORCED_OPEN: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
};

const STATE_LABEL: Record<string, string> = {
  CLOSED: "Closed: calls flow",
  FORCED_CLOSED: "Forced closed: breaker bypassed",
  HALF_OPEN: "Half-open: trial calls",
  OPEN: "Open: calls fail fast",
  FORCED_OPEN: "Forced open: no calls go out",
};

const MODE_LABEL: Record<Circuit["mode"], { text: string; title: string }> = {
  live: { text: "Live", title: "Real credentials: calls reach the provider." },
  simulator: {
    text: "Simulator",
    title: "No credentials set: calls go to a local simulator on this machine.",
  },
  configured: { text: "Configured", title: "A REST provider from INTEGRATIONS_CONFIG." },
};

export function ConnectionCheck({ provider }: { provider: string }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="mt-2 flex flex-col items-start gap-1">
      <button
        type="button"
        disabled={pending}
        onClick={() => {
          setResult(null);
          startTransition(async () => {
            const outcome = await checkConnectionAction(provider);
            setResult(
              outcome.ok
                ? { ok: outcome.data.ok, text: outcome.data.message }
                : { ok: false, text: outcome.message },
            );
          });
        }}
        className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        {pending ? "Checking…" : "Check connection"}
      </button>
      {result ? (
        <span
          role={result.ok ? "status" : "alert"}
          data-testid="connection-check-result"
          className={`max-w-xs text-xs ${result.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-400"}`}
        >
          {result.text}
        </span>
      ) : null}
    </div>
  );
}

export function CircuitControls({ provider }: { provider: string }) {
  const [pending, startTransition] = useTransition();
  const [reason, setReason] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  function run(action: "force_open" | "force_closed" | "reset") {
    setMessage(null);
    startTransition(async () => {
      const result = await controlCircuitAction(provider, { action, reason });
      setMessage(
        result.ok
          ? { ok: true, text: `Circuit is now ${result.data.to.replace("_", " ").toLowerCase()}.` }
          : { ok: false, text: result.message },
      );
      if (result.ok) setReason("");
    });
  }
  return (
    <div className="flex flex-col gap-2">
      <label className="sr-only" htmlFor={`reason-${provider}`}>
        Reason for {provider}
      </label>
      <input
        id={`reason-${provider}`}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        maxLength={500}
        placeholder="Reason (required)"
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
      />
      <div className="flex flex-wrap gap-1">
        {(
          [
            ["force_open", "Force open"],
            ["force_closed", "Force closed"],
            ["reset", "Reset"],
          ] as const
        ).map(([action, label]) => (
          <button
            key={action}
            type="button"
            disabled={pending}
            onClick={() => run(action)}
            className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            {label}
          </button>
        ))}
      </div>
      {pending ? (
        <span role="status" className="text-xs text-slate-500">
          Saving…
        </span>
      ) : null}
      {message ? (
        <span
          role={message.ok ? "status" : "alert"}
          className={`text-xs ${message.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-400"}`}
        >
          {message.text}
        </span>
      ) : null}
    </div>
  );
}

export function CircuitTable({
  circuits,
  transitions,
  canControl,
}: {
  circuits: Circuit[];
  transitions: Transition[];
  canControl: boolean;
}) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <h2 className="border-b border-slate-200 px-4 py-3 font-semibold dark:border-slate-800">
        Circuit breakers
      </h2>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="circuit-table">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="px-4 py-2">Provider</th>
              <th className="px-4 py-2">State</th>
              <th className="px-4 py-2">Rate limit</th>
              <th className="px-4 py-2">Last change</th>
              {canControl ? <th className="px-4 py-2">Admin controls</th> : null}
            </tr>
          </thead>
          <tbody>
            {circuits.map((circuit) => (
              <tr
                key={circuit.provider}
                data-testid={`circuit-${circuit.provider}`}
                className="border-t border-slate-100 align-top dark:border-slate-800"
              >
                <td className="px-4 py-3 font-medium">
                  {circuit.displayName}
                  <div className="font-mono text-xs text-slate-500">{circuit.provider}</div>
                  <span
                    data-testid="provider-mode"
                    title={MODE_LABEL[circuit.mode].title}
                    className="mt-1 inline-block rounded border border-slate-300 px-1.5 text-xs font-normal text-slate-600 dark:border-slate-700 dark:text-slate-300"
                  >
                    {MODE_LABEL[circuit.mode].text}
                  </span>
                  {canControl && circuit.canCheckConnection ? (
                    <ConnectionCheck provider={circuit.provider} />
                  ) : null}
                </td>
                <td className="px-4 py-3">
                  <span
                    data-testid="circuit-state"
                    className={`whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${STATE_STYLE[circuit.state] ?? ""}`}
                  >
                    {STATE_LABEL[circuit.state] ?? circuit.state}
                  </span>
                  {circuit.reason ? (
                    <div className="mt-1 text-xs text-slate-500">“{circuit.reason}”</div>
                  ) : null}
                  {circuit.state === "OPEN" && circuit.openUntil ? (
                    <div className="mt-1 text-xs text-slate-500">
                      Trial calls from {new Date(circuit.openUntil).toLocaleTimeString()}
                    </div>
                  ) : null}
                </td>
                <td className="whitespace-nowrap px-4 py-3">
                  {circuit.rateLimitPerSecond} requests/s
                </td>
                <td className="px-4 py-3 text-slate-500">
                  {circuit.updatedAt
                    ? new Date(circuit.updatedAt).toLocaleString()
                    : "Never changed"}
                </td>
                {canControl ? (
                  <td className="px-4 py-3">
                    <CircuitControls provider={circuit.provider} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="border-t border-slate-200 px-4 pt-3 text-sm font-semibold dark:border-slate-800">
        Recent transitions
      </h3>
      {transitions.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-500">No circuit has changed state yet.</p>
      ) : (
        <ul className="px-4 py-3 text-sm" data-testid="circuit-transitions">
          {transitions.map((transition) => (
            <li key={transition.id} className="py-1">
              <span className="text-slate-500">{new Date(transition.at).toLocaleString()}</span>{" "}
              <span className="font-mono">{transition.provider}</span> {transition.from} →{" "}
              {transition.to}
              {transition.reason ? (
                <span className="text-slate-500"> ({transition.reason})</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
