-- CreateTable
CREATE TABLE "span_chunks" (
    "id" SERIAL NOT NULL,
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "span_count" INTEGER NOT NULL,
    "span_ids" TEXT NOT NULL,
    "body" BYTEA NOT NULL,
    "received_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "span_chunks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "span_chunks_trace_id_idx" ON "span_chunks"("trace_id");
