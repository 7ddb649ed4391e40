"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, useSyncExternalStore } from "react";
import { formatTime } from "@/components/email/format";
import type { SearchGroup, SearchItem, SearchKind } from "@/lib/search/result";
import { GROUP_LABEL, SEE_ALL_LABEL, statusLabel } from "./labels";
import { isOpenShortcut, isSlashShortcut } from "./typing-target";
import { useSearchResults } from "./use-search-results";

/** Distinct from every page's own "Search", "Email" or "Status" field, which tests find by label. */
export const GLOBAL_SEARCH_LABEL =
  "Jump to a customer, payment, refund, message or webhook delivery";

interface Option {
  key: string;
  href: string;
  kind: SearchKind;
  item: SearchItem | null;
}

function optionsOf(groups: SearchGroup[]): Option[] {
  return groups.flatMap((group) => [
    ...group.items.map((item) => ({ key: item.id, href: item.href, kind: group.kind, item })),
    ...(group.seeAllHref
      ? [{ key: `all-${group.kind}`, href: group.seeAllHref, kind: group.kind, item: null }]
      : []),
  ]);
}

const subscribeNever = () => () => {};

function useShortcutHint(): string {
  return useSyncExternalStore(
    subscribeNever,
    () => (/Mac|iPhone|iPad/.test(navigator.userAgent) ? "⌘K" : "Ctrl K"),
    () => "Ctrl K",
  );
}

export function GlobalSearch() {
  const router = useRouter();
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState({ query: "", index: 0 });
  const { q, query, settled } = useSearchResults(text);
  const hint = useShortcutHint();
  const baseId = useId();
  const listId = `${baseId}-results`;

  const result = query.data;
  const options = result ? optionsOf(result.groups) : [];
  // A new answer starts at its first row; arrows move within the answer on screen.
  const activeIndex =
    result && active.query === result.query ? Math.min(active.index, options.length - 1) : 0;
  const activeOption = options[activeIndex];
  const optionId = (index: number) => `${baseId}-option-${index}`;
  const showList = open && q.length > 0 && text.trim().length > 0;
  const listed = showList && options.length > 0 && !query.isError;

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!isOpenShortcut(event) && !isSlashShortcut(event)) return;
      event.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
      setOpen(true);
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  useEffect(() => {
    if (!listed) return;
    document
      .getElementById(`${baseId}-option-${activeIndex}`)
      ?.scrollIntoView({ block: "nearest" });
  }, [listed, activeIndex, baseId]);

  function go(option: Option) {
    setOpen(false);
    inputRef.current?.blur();
    router.push(option.href);
  }

  function move(step: number) {
    if (!result || options.length === 0) return;
    const next = (activeIndex + step + options.length) % options.length;
    setActive({ query: result.query, index: next });
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!open) setOpen(true);
        else move(1);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!open) setOpen(true);
        else move(-1);
        break;
      case "Enter":
        if (listed && activeOption && settled) {
          event.preventDefault();
          go(activeOption);
        }
        break;
      case "Escape":
        event.preventDefault();
        if (open && text) setOpen(false);
        else {
          setText("");
          inputRef.current?.blur();
        }
        break;
    }
  }

  return (
    <div className="relative w-full max-w-xl min-w-0">
      <div className="relative">
        <input
          ref={inputRef}
          type="text"
          role="combobox"
          aria-label={GLOBAL_SEARCH_LABEL}
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={listed && activeOption ? optionId(activeIndex) : undefined}
          aria-keyshortcuts="Control+K Meta+K /"
          autoComplete="off"
          spellCheck={false}
          placeholder="Find an id or email address…"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
          data-testid="global-search-input"
          className="block w-full rounded-md border border-slate-300 bg-white py-1.5 pr-8 pl-3 sm:pr-16 text-sm placeholder:text-slate-500 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none dark:border-slate-700 dark:bg-slate-950 dark:placeholder:text-slate-400"
        />
        <span className="pointer-events-none absolute inset-y-0 right-2 flex items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
          {open && !settled && text.trim() ? (
            <span
              aria-hidden="true"
              data-testid="global-search-spinner"
              className="h-3.5 w-3.5 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-600 dark:border-slate-600 dark:border-t-indigo-400"
            />
          ) : null}
          <kbd className="hidden rounded border border-slate-300 px-1 font-sans sm:inline dark:border-slate-700">
            {hint}
          </kbd>
        </span>
      </div>
      {showList ? (
        <div
          data-testid="global-search-popup"
          data-settled={settled}
          // Clicking a row must not blur the input first, which would close the list under it.
          onMouseDown={(event) => event.preventDefault()}
          className="absolute inset-x-0 top-full z-30 mt-1 max-h-[70vh] overflow-y-auto rounded-md border border-slate-200 bg-white text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {query.isError ? (
            <p role="alert" className="px-3 py-3 text-red-700 dark:text-red-300">
              {query.error.message}
            </p>
          ) : !result ? (
            <p role="status" className="px-3 py-3 text-slate-600 dark:text-slate-300">
              Searching…
            </p>
          ) : options.length === 0 ? (
            <p
              role="status"
              data-testid="global-search-empty"
              className="px-3 py-3 break-words text-slate-600 dark:text-slate-300"
            >
              {settled ? (
                <>
                  Nothing matches <strong className="break-all">{result.query}</strong>. The box
                  finds whole ids (ch_, pi_, cus_, re_, evt_, a message id or a console id) and
                  whole email addresses.
                </>
              ) : (
                "Searching…"
              )}
            </p>
          ) : null}
          <div
            id={listId}
            role="listbox"
            aria-label="Matches"
            aria-busy={!settled}
            className={listed ? "py-1" : "hidden"}
          >
            {result && !query.isError
              ? result.groups.map((group) => (
                  <ResultGroup
                    key={group.kind}
                    headingId={`${baseId}-group-${group.kind}`}
                    group={group}
                    options={options}
                    activeIndex={activeIndex}
                    optionId={optionId}
                    onHover={(index) => setActive({ query: result.query, index })}
                    onChoose={go}
                  />
                ))
              : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}

function ResultGroup(props: {
  headingId: string;
  group: SearchGroup;
  options: Option[];
  activeIndex: number;
  optionId: (index: number) => string;
  onHover: (index: number) => void;
  onChoose: (option: Option) => void;
}) {
  const { group, options, headingId } = props;
  return (
    <ul role="group" aria-labelledby={headingId} data-testid={`global-search-group-${group.kind}`}>
      <li
        id={headingId}
        role="presentation"
        className="px-3 pt-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400"
      >
        {GROUP_LABEL[group.kind]}
      </li>
      {options.map((option, index) =>
        option.kind === group.kind ? (
          <li
            key={option.key}
            id={props.optionId(index)}
            role="option"
            aria-selected={index === props.activeIndex}
            onMouseMove={() => props.onHover(index)}
            onClick={() => props.onChoose(option)}
            className="mx-1 cursor-pointer rounded px-2 py-1.5 aria-selected:bg-indigo-50 dark:aria-selected:bg-indigo-950"
          >
            {option.item ? (
              <ItemRow kind={group.kind} item={option.item} />
            ) : (
              <span className="text-indigo-700 dark:text-indigo-300">
                {SEE_ALL_LABEL[group.kind]}
                {group.more ? " (more than shown)" : ""} →
              </span>
            )}
          </li>
        ) : null,
      )}
    </ul>
  );
}

function ItemRow({ kind, item }: { kind: SearchKind; item: SearchItem }) {
  return (
    <div className="flex min-w-0 items-start justify-between gap-3">
      <div className="min-w-0">
        <div className="line-clamp-2 font-medium break-all" title={item.title}>
          {item.title}
        </div>
        {item.detail ? (
          <div
            className="line-clamp-2 text-xs break-all text-slate-600 dark:text-slate-400"
            title={item.detail}
          >
            {item.detail}
          </div>
        ) : null}
      </div>
      <div className="shrink-0 text-right text-xs text-slate-600 dark:text-slate-400">
        {item.amount ? (
          <div className="font-medium text-slate-900 dark:text-slate-100">{item.amount}</div>
        ) : null}
        <div>{statusLabel(kind, item.status)}</div>
        <div className="whitespace-nowrap">{formatTime(item.at)}</div>
      </div>
    </div>
  );
}
