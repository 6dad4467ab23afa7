// An API error in the UI language: the code's own sentence with its details
// filled in when a strings table knows the code, else a generic one.
import { ApiError } from '../api/api-client.ts';
import type { ToolTextTable } from '../tools/tool-text.ts';

export function errorText(table: ToolTextTable, error: unknown, language: 'vi' | 'en'): string {
  const e = error instanceof ApiError ? error : new ApiError(0, 'CLIENT', String(error));
  const entry = table[`err_${e.code}`] ?? table.err_other;
  const values: Record<string, unknown> = { message: e.message, ...(e.details && typeof e.details === 'object' && !Array.isArray(e.details) ? e.details as object : {}) };
  return (entry?.[language] ?? e.message).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** Calls fn and turns a thrown error into a message; returns the result or null. */
export async function attempt<T>(fn: () => Promise<T>, onError: (error: unknown) => void): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    onError(error);
    return null;
  }
}
