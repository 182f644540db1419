-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "projects" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "name" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "spans" (
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "span_id" TEXT NOT NULL,
    "parent_span_id" TEXT,
    "name" TEXT NOT NULL,
    "kind" INTEGER NOT NULL,
    "start_time_unix_nano" TEXT NOT NULL,
    "end_time_unix_nano" TEXT NOT NULL,
    "start_ms" DOUBLE PRECISION NOT NULL,
    "duration_ms" DOUBLE PRECISION NOT NULL,
    "status_code" INTEGER NOT NULL,
    "status_message" TEXT NOT NULL,
    "service_name" TEXT,
    "release" TEXT,
    "environment" TEXT,
    "attributes" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "events" TEXT NOT NULL,
    "links" TEXT NOT NULL,
    "facts" TEXT NOT NULL,
    "scope_name" TEXT NOT NULL,
    "scope_version" TEXT NOT NULL,
    "received_ms" DOUBLE PRECISION NOT NULL
);

-- CreateTable
CREATE TABLE "traces" (
    "trace_id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "service_name" TEXT,
    "release" TEXT,
    "environment" TEXT,
    "start_ms" DOUBLE PRECISION NOT NULL,
    "end_ms" DOUBLE PRECISION NOT NULL,
    "duration_ms" DOUBLE PRECISION NOT NULL,
    "span_count" INTEGER NOT NULL,
    "input_tokens" INTEGER,
    "output_tokens" INTEGER,
    "cost_usd" DOUBLE PRECISION,
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
    "updated_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "traces_pkey" PRIMARY KEY ("trace_id")
);

-- CreateTable
CREATE TABLE "span_contents" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "span_id" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "finish_reason" TEXT,
    "time_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "span_contents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "feedback" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "value" TEXT,
    "score" DOUBLE PRECISION,
    "comment" TEXT,
    "user_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "feedback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "projects_name_key" ON "projects"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys"("hash");

-- CreateIndex
CREATE INDEX "api_keys_project_id_idx" ON "api_keys"("project_id");

-- CreateIndex
CREATE UNIQUE INDEX "spans_trace_id_span_id_key" ON "spans"("trace_id", "span_id");

-- CreateIndex
CREATE INDEX "traces_project_id_start_ms_trace_id_idx" ON "traces"("project_id", "start_ms", "trace_id");

-- CreateIndex
CREATE INDEX "traces_project_id_service_name_start_ms_idx" ON "traces"("project_id", "service_name", "start_ms");

-- CreateIndex
CREATE INDEX "traces_project_id_release_start_ms_idx" ON "traces"("project_id", "release", "start_ms");

-- CreateIndex
CREATE INDEX "traces_project_id_environment_start_ms_idx" ON "traces"("project_id", "environment", "start_ms");

-- CreateIndex
CREATE INDEX "span_contents_trace_id_idx" ON "span_contents"("trace_id");

-- CreateIndex
CREATE INDEX "feedback_trace_id_idx" ON "feedback"("trace_id");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
