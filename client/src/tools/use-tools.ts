import { useEffect, useState } from 'react';
import { TOOL_LOADERS } from './tool-list.ts';
import type { ToolDefinition } from './tools.ts';

/** The tools of tool-list.ts once loaded (empty until then, and for a tool whose chunk failed to load). */
export function useTools(): readonly ToolDefinition[] {
  const [tools, setTools] = useState<readonly ToolDefinition[]>([]);
  useEffect(() => {
    let alive = true;
    void Promise.allSettled(TOOL_LOADERS.map((load) => load())).then((results) => {
      if (alive) setTools(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])));
    });
    return () => { alive = false; };
  }, []);
  return tools;
}
