// The slice of better-sqlite3 the test helpers use (the package ships no types; Prisma's adapter bundles its own).
declare module "better-sqlite3" {
  interface Statement {
    all(...params: unknown[]): unknown[];
  }
  interface Database {
    exec(sql: string): Database;
    prepare(sql: string): Statement;
    close(): void;
  }
  const Database: new (filename: string) => Database;
  export default Database;
}
