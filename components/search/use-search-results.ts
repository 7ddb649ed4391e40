"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { callApi } from "@/components/webhooks/api";
import { searchResultSchema } from "@/lib/search/result";

/** Long enough that typing an id does not send a request per keystroke. */
const DEBOUNCE_MS = 200;

function useDebounced(value: string, delay: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

/** The grouped matches for what is typed, fetched once typing pauses. */
export function useSearchResults(text: string) {
  const q = useDebounced(text.trim(), DEBOUNCE_MS);
  const query = useQuery({
    queryKey: ["global-search", q],
    queryFn: () =>
      callApi(`/api/search?${new URLSearchParams({ q }).toString()}`, searchResultSchema),
    enabled: q.length > 0,
    // The previous answer stays on screen while the next one loads, instead of a flash of nothing.
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    // A 422 will not change by asking again.
    retry: false,
    refetchOnWindowFocus: false,
  });
  const settled = q === text.trim() && !query.isFetching;
  return { q, query, settled };
}
