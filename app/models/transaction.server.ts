// Transactions. A service that needs several model calls to commit together (a state change and the jobs or emails
// it causes) runs them in `inTransaction` and passes the `tx` it gets to each model function: every model function
// takes `db: Db` (`= prisma` when it also works alone), so its queries join the caller's transaction. The service
// decides what belongs together; a model opens a transaction only for its own multi-statement write.
import prisma from "#app/db.server";
import type { Db } from "./db";

export function inTransaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
  return prisma.$transaction((tx) => work(tx));
}
