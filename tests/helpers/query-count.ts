// Counts the statements a piece of work sends to the database: the Database
// handed to the app is the real one, with every session's query/exec/COPY and
// every Kysely query (builders and the sql tag) counted while `measure` runs.
// `measure` counts only fn's own async context; `measureAll` counts whatever
// is sent meanwhile (an injected request runs outside the caller's context).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { KyselyPlugin } from 'kysely';
import type { Database, Session } from '../../server/db/database.ts';

export interface QueryCounter {
  database: Database;
  /** Runs fn and returns its result with the number of statements it sent. */
  measure<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number; statements: string[] }>;
  /**
   * Counts every statement sent while fn runs, in any async context (an injected request runs in
   * Fastify's); run nothing else meanwhile. Background work of the app may add to the count.
   */
  measureAll<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number; statements: string[] }>;
}

export function countQueries(database: Database): QueryCounter {
  const scope = new AsyncLocalStorage<string[]>();
  let everything: string[] | null = null;
  const note = (text: string) => (scope.getStore() ?? everything)?.push(text.replace(/\s+/g, ' ').trim().slice(0, 160));
  // Kysely compiles each query once per execution through its executor's plugins: count there.
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      note(`[kysely] ${args.node.kind}`);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const counted = (db: Database['db']): Database['db'] => db.withPlugin(plugin);
  const wrap = (session: Session): Session => ({
    exec: (sql) => {
      note(sql);
      return session.exec(sql);
    },
    query: (sql, params) => {
      note(sql);
      return session.query(sql, params);
    },
    copyCsv: (table, columns, chunks) => {
      note(`COPY ${table}`);
      return session.copyCsv(table, columns, chunks);
    },
    db: counted(session.db),
  });
  const wrapped: Database = {
    ...database,
    backend: database.backend,
    capabilities: database.capabilities,
    db: counted(database.db),
    withSession: (fn) => database.withSession((session) => fn(wrap(session))),
    transaction: (fn) => database.transaction((session) => fn(wrap(session))),
    close: () => database.close(),
  };
  return {
    database: wrapped,
    async measure(fn) {
      const statements: string[] = [];
      const result = await scope.run(statements, fn);
      return { result, queries: statements.length, statements };
    },
    async measureAll(fn) {
      const statements: string[] = [];
      everything = statements;
      try {
        const result = await fn();
        return { result, queries: statements.length, statements };
      } finally {
        everything = null;
      }
    },
  };
}
