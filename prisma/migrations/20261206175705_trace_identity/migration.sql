-- A trace is (project_id, trace_id): two projects sending one trace id get two traces. Every existing
-- row is kept (trace ids were unique, so they are unique per project too) and lookups of span chunks and
-- content go by (project_id, trace_id), and traces get an index on updated_ms.

-- DropIndex
DROP INDEX "span_chunks_trace_id_idx";

-- DropIndex
DROP INDEX "span_contents_trace_id_idx";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_traces" (
    "trace_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "service_name" TEXT,
    "release" TEXT,
    "environment" TEXT,
    "start_ms" REAL NOT NULL,
    "end_ms" REAL NOT NULL,
    "duration_ms" REAL NOT NULL,
    "span_count" INTEGER NOT NULL,
    "input_tokens" INTEGER,
    "output_tokens" INTEGER,
    "cost_usd" REAL,
    "tool_calls" INTEGER NOT NULL,
    "tool_errors" INTEGER NOT NULL,
    "error" BOOLEAN NOT NULL,
    "incomplete" BOOLEAN NOT NULL,
    "content_captured" BOOLEAN NOT NULL,
    "last_finish_class" TEXT,
    "action" TEXT,
    "session_id" TEXT,
    "user_id" TEXT,
    "facts" TEXT NOT NULL,
    "updated_ms" REAL NOT NULL,

    PRIMARY KEY ("project_id", "trace_id")
);
INSERT INTO "new_traces" ("action", "content_captured", "cost_usd", "duration_ms", "end_ms", "environment", "error", "facts", "incomplete", "input_tokens", "last_finish_class", "output_tokens", "project_id", "release", "service_name", "session_id", "span_count", "start_ms", "tool_calls", "tool_errors", "trace_id", "updated_ms", "user_id") SELECT "action", "content_captured", "cost_usd", "duration_ms", "end_ms", "environment", "error", "facts", "incomplete", "input_tokens", "last_finish_class", "output_tokens", "project_id", "release", "service_name", "session_id", "span_count", "start_ms", "tool_calls", "tool_errors", "trace_id", "updated_ms", "user_id" FROM "traces";
DROP TABLE "traces";
ALTER TABLE "new_traces" RENAME TO "traces";
CREATE INDEX "traces_updated_ms_idx" ON "traces"("updated_ms");
CREATE INDEX "traces_project_id_start_ms_trace_id_idx" ON "traces"("project_id", "start_ms", "trace_id");
CREATE INDEX "traces_project_id_service_name_start_ms_idx" ON "traces"("project_id", "service_name", "start_ms");
CREATE INDEX "traces_project_id_release_start_ms_idx" ON "traces"("project_id", "release", "start_ms");
CREATE INDEX "traces_project_id_environment_start_ms_idx" ON "traces"("project_id", "environment", "start_ms");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "span_chunks_project_id_trace_id_idx" ON "span_chunks"("project_id", "trace_id");

-- CreateIndex
CREATE INDEX "span_contents_project_id_trace_id_idx" ON "span_contents"("project_id", "trace_id");
