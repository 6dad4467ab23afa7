import type { ToolDefinition } from './tools.ts';
import { nationalTool } from '../national/national-tool.tsx';
import { aidTool } from '../aid/aid-tool.tsx';
import { zonesTool } from '../zones/zones-tool.tsx';

/** Tools in tab order; each entry is added by the folder that builds it. */
export const TOOLS: readonly ToolDefinition[] = [
  nationalTool,
  aidTool,
  zonesTool,
];
