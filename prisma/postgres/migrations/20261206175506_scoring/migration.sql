-- CreateTable
CREATE TABLE "job_runs" (
    "id" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "started_ms" DOUBLE PRECISION NOT NULL,
    "ended_ms" DOUBLE PRECISION,
    "outcome" TEXT NOT NULL,
    "counts" TEXT NOT NULL,
    "reason" TEXT,
    "error" TEXT,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_leases" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expires_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "job_leases_pkey" PRIMARY KEY ("name")
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
    "trace_updated_ms" DOUBLE PRECISION NOT NULL,
    "scored_ms" DOUBLE PRECISION,
    "scored_by" TEXT,
    "score_count" INTEGER NOT NULL DEFAULT 0,
    "lease_holder" TEXT,
    "lease_expires_ms" DOUBLE PRECISION,

    CONSTRAINT "trace_scoring_pkey" PRIMARY KEY ("project_id","trace_id")
);

-- CreateTable
CREATE TABLE "trace_scores" (
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "value" DOUBLE PRECISION,
    "label" TEXT,
    "reason" TEXT,

    CONSTRAINT "trace_scores_pkey" PRIMARY KEY ("project_id","trace_id","name")
);

-- CreateTable
CREATE TABLE "judge_calls" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "rubric_id" TEXT NOT NULL,
    "rubric_version" INTEGER NOT NULL,
    "prompt_hash" TEXT NOT NULL,
    "score" DOUBLE PRECISION,
    "label" TEXT,
    "explanation" TEXT,
    "input_tokens" INTEGER,
    "output_tokens" INTEGER,
    "cost_usd" DOUBLE PRECISION,
    "latency_ms" DOUBLE PRECISION NOT NULL,
    "error" TEXT,
    "created_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "judge_calls_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "human_labels" (
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "rubric_id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "labeller" TEXT NOT NULL,
    "comment" TEXT,
    "created_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "human_labels_pkey" PRIMARY KEY ("project_id","trace_id","rubric_id","labeller")
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
