/** A tool's strings: { vi, en } pairs with `{name}` placeholders. */
export type ToolTextTable = Readonly<Record<string, { readonly vi: string; readonly en: string }>>;

/** The lookup for one tool's table: a string in the language, with `{name}` placeholders filled. */
export function makeToolText<T extends ToolTextTable>(table: T) {
  return (key: keyof T & string, language: 'vi' | 'en', values: Record<string, unknown> = {}): string =>
    table[key]![language].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
