import type { ToolDefinition } from './tools.ts';

/** Tools in tab order; each entry is added by the folder that builds it. */
export const TOOLS: readonly ToolDefinition[] = [
];
