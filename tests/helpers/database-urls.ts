/** The same server as url, connected to its maintenance database (for CREATE/DROP DATABASE). */
export function adminUrlFor(url: string): string {
  return databaseUrlFor(url, 'postgres');
}

/** The same server as url, connected to another database. */
export function databaseUrlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
