// The one database client type every model takes: the shared client, or the transaction a caller is inside of
// (so a model's writes join the caller's transaction, the job outbox's included).
import type { Prisma, PrismaClient } from "@prisma/client";

export type Db = PrismaClient | Prisma.TransactionClient;

/** A client that can open transactions of its own (not a transaction client). */
export type DatabaseClient = PrismaClient;
