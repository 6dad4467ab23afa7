import type { ToolDefinition } from './tools.ts';

/**
 * Tools in tab order; each entry is added by the folder that builds it. They
 * are loaded after the first map (each a chunk of its own, with its deck.gl
 * layers), so the map does not wait for them.
 */
export const TOOL_LOADERS: ReadonlyArray<() => Promise<ToolDefinition>> = [
  () => import('../national/national-tool.tsx').then((m) => m.nationalTool),
  () => import('../aid/aid-tool.tsx').then((m) => m.aidTool),
  () => import('../zones/zones-tool.tsx').then((m) => m.zonesTool),
  // desk, administration and alerts (issue 17)
  () => import('../desk/desk-tool.tsx').then((m) => m.deskTool),
  () => import('../alerts/alerts-tool.tsx').then((m) => m.alertsTool),
  () => import('../admin/admin-tool.tsx').then((m) => m.adminTool),
];
