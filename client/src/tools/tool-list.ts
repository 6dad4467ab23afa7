import type { ToolDefinition } from './tools.ts';
import { zonesTool } from '../zones/zones-tool.tsx';

/** Tools in tab order; each entry is added by the folder that builds it. */
export const TOOLS: readonly ToolDefinition[] = [
  zonesTool,
];
