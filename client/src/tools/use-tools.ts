import { useEffect, useState } from 'react';
import { TOOL_LOADERS } from './tool-list.ts';
import type { ToolDefinition } from './tools.ts';

/** The tools of tool-list.ts, loaded once `enabled` (after the first map); empty until then, and without a tool whose chunk failed to load. */
export function useTools(enabled: boolean): readonly ToolDefinition[] {
  const [tools, setTools] = useState<readonly ToolDefinition[]>([]);
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    void Promise.allSettled(TOOL_LOADERS.map((load) => load())).then((results) => {
      if (alive) setTools(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])));
    });
    return () => { alive = false; };
  }, [enabled]);
  return tools;
}
