// The slice of better-sqlite3 the test helpers use (the package ships no types; Prisma's adapter bundles its own).
declare module "better-sqlite3" {
  interface Database {
    exec(sql: string): Database;
    close(): void;
  }
  const Database: new (filename: string) => Database;
  export default Database;
}
