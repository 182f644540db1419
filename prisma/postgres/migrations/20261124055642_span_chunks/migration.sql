-- CreateTable
CREATE TABLE "span_keys" (
    "trace_id" TEXT NOT NULL,
    "span_id" TEXT NOT NULL,

    CONSTRAINT "span_keys_pkey" PRIMARY KEY ("trace_id","span_id")
);

-- CreateTable
CREATE TABLE "span_chunks" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "span_count" INTEGER NOT NULL,
    "body" BYTEA NOT NULL,
    "received_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "span_chunks_pkey" PRIMARY KEY ("id")
);

-- Data (hand-written): spans stored before this migration stay where they are (read, never written);
-- their keys move into span_keys so re-sent old spans stay duplicates.
INSERT INTO "span_keys" ("trace_id", "span_id") SELECT "trace_id", "span_id" FROM "spans";
