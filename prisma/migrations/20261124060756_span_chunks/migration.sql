-- CreateTable
CREATE TABLE "span_chunks" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "span_count" INTEGER NOT NULL,
    "span_ids" TEXT NOT NULL,
    "body" BLOB NOT NULL,
    "received_ms" REAL NOT NULL
);
