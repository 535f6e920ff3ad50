-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CsvImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "appliedRows" INTEGER NOT NULL DEFAULT 0,
    "errorRows" INTEGER NOT NULL DEFAULT 0,
    "errors" TEXT NOT NULL DEFAULT '[]',
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "validRows" INTEGER NOT NULL DEFAULT 0,
    "unchangedRows" INTEGER NOT NULL DEFAULT 0,
    "invalidRows" INTEGER NOT NULL DEFAULT 0,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "rows" TEXT,
    "timeZone" TEXT,
    "confirmedBy" TEXT,
    "confirmedAt" DATETIME,
    "startedAt" DATETIME,
    "failureReason" TEXT
);
INSERT INTO "new_CsvImport" ("appliedRows", "createdAt", "createdBy", "errorRows", "errors", "fileName", "finishedAt", "id", "shop", "status", "totalRows") SELECT "appliedRows", "createdAt", "createdBy", "errorRows", "errors", "fileName", "finishedAt", "id", "shop", "status", "totalRows" FROM "CsvImport";
DROP TABLE "CsvImport";
ALTER TABLE "new_CsvImport" RENAME TO "CsvImport";
CREATE INDEX "CsvImport_shop_idx" ON "CsvImport"("shop");
CREATE INDEX "CsvImport_shop_createdAt_idx" ON "CsvImport"("shop", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
