-- CreateTable
CREATE TABLE "job_runs" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "job" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "started_ms" REAL NOT NULL,
    "ended_ms" REAL,
    "outcome" TEXT NOT NULL,
    "counts" TEXT NOT NULL,
    "reason" TEXT,
    "error" TEXT
);

-- CreateTable
CREATE TABLE "job_leases" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expires_ms" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "trace_scoring" (
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "action" TEXT,
    "action_source" TEXT,
    "action_reason" TEXT,
    "flags" TEXT NOT NULL,
    "judge_status" TEXT,
    "judge_reason" TEXT,
    "trace_updated_ms" REAL NOT NULL,
    "scored_ms" REAL,
    "scored_by" TEXT,
    "score_count" INTEGER NOT NULL DEFAULT 0,
    "lease_holder" TEXT,
    "lease_expires_ms" REAL,

    PRIMARY KEY ("project_id", "trace_id")
);

-- CreateTable
CREATE TABLE "trace_scores" (
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "value" REAL,
    "label" TEXT,
    "reason" TEXT,

    PRIMARY KEY ("project_id", "trace_id", "name")
);

-- CreateTable
CREATE TABLE "judge_calls" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "rubric_id" TEXT NOT NULL,
    "rubric_version" INTEGER NOT NULL,
    "prompt_hash" TEXT NOT NULL,
    "score" REAL,
    "label" TEXT,
    "explanation" TEXT,
    "input_tokens" INTEGER,
    "output_tokens" INTEGER,
    "cost_usd" REAL,
    "latency_ms" REAL NOT NULL,
    "error" TEXT,
    "created_ms" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "human_labels" (
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "rubric_id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "labeller" TEXT NOT NULL,
    "comment" TEXT,
    "created_ms" REAL NOT NULL,

    PRIMARY KEY ("project_id", "trace_id", "rubric_id", "labeller")
);

-- CreateIndex
CREATE INDEX "job_runs_job_started_ms_idx" ON "job_runs"("job", "started_ms");

-- CreateIndex
CREATE INDEX "trace_scoring_project_id_action_idx" ON "trace_scoring"("project_id", "action");

-- CreateIndex
CREATE INDEX "trace_scoring_project_id_status_idx" ON "trace_scoring"("project_id", "status");

-- CreateIndex
CREATE INDEX "judge_calls_project_id_trace_id_idx" ON "judge_calls"("project_id", "trace_id");

-- CreateIndex
CREATE INDEX "judge_calls_created_ms_idx" ON "judge_calls"("created_ms");
