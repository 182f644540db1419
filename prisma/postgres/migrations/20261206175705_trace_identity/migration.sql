-- A trace is (project_id, trace_id): two projects sending one trace id get two traces. Every existing
-- row is kept (trace ids were unique, so they are unique per project too) and lookups of span chunks and
-- content go by (project_id, trace_id), and traces get an index on updated_ms.

-- DropIndex
DROP INDEX "span_chunks_trace_id_idx";

-- DropIndex
DROP INDEX "span_contents_trace_id_idx";

-- AlterTable
ALTER TABLE "traces" DROP CONSTRAINT "traces_pkey",
ADD CONSTRAINT "traces_pkey" PRIMARY KEY ("project_id", "trace_id");

-- CreateIndex
CREATE INDEX "span_chunks_project_id_trace_id_idx" ON "span_chunks"("project_id", "trace_id");

-- CreateIndex
CREATE INDEX "span_contents_project_id_trace_id_idx" ON "span_contents"("project_id", "trace_id");

-- CreateIndex
CREATE INDEX "traces_updated_ms_idx" ON "traces"("updated_ms");
