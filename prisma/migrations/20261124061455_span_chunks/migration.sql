-- CreateTable
CREATE TABLE "span_chunks" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "span_count" INTEGER NOT NULL,
    "span_ids" TEXT NOT NULL,
    "body" BLOB NOT NULL,
    "received_ms" REAL NOT NULL
);

-- CreateIndex
CREATE INDEX "span_chunks_trace_id_idx" ON "span_chunks"("trace_id");
