import type { ToolDefinition } from './tools.ts';
import { nationalTool } from '../national/national-tool.tsx';
import { aidTool } from '../aid/aid-tool.tsx';
import { zonesTool } from '../zones/zones-tool.tsx';
// desk, administration and alerts (issue 17)
import { adminTool } from '../admin/admin-tool.tsx';
import { deskTool } from '../desk/desk-tool.tsx';
import { alertsTool } from '../alerts/alerts-tool.tsx';

/** Tools in tab order; each entry is added by the folder that builds it. */
export const TOOLS: readonly ToolDefinition[] = [
  nationalTool,
  aidTool,
  zonesTool,
  // desk, administration and alerts (issue 17)
  deskTool,
  alertsTool,
  adminTool,
];
