-- CreateTable
CREATE TABLE "span_chunks" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "span_count" INTEGER NOT NULL,
    "span_ids" TEXT NOT NULL,
    "body" BYTEA NOT NULL,
    "received_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "span_chunks_pkey" PRIMARY KEY ("id")
);
