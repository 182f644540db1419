-- CreateTable
CREATE TABLE "canaries" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "baseline" TEXT NOT NULL,
    "canary" TEXT NOT NULL,
    "cohort_attribute" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "policy_version" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "started_ms" DOUBLE PRECISION NOT NULL,
    "stopped_ms" DOUBLE PRECISION,
    "looks" INTEGER NOT NULL DEFAULT 0,
    "state" TEXT,
    "verdict" TEXT,
    "final" BOOLEAN NOT NULL DEFAULT false,
    "last_evaluated_ms" DOUBLE PRECISION,

    CONSTRAINT "canaries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "canary_evaluations" (
    "id" SERIAL NOT NULL,
    "canary_id" TEXT NOT NULL,
    "look" INTEGER NOT NULL,
    "evaluated_ms" DOUBLE PRECISION NOT NULL,
    "verdict" TEXT NOT NULL,
    "final" BOOLEAN NOT NULL,
    "result" TEXT NOT NULL,

    CONSTRAINT "canary_evaluations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cohort_windows" (
    "id" SERIAL NOT NULL,
    "project_id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "cohort_attribute" TEXT NOT NULL,
    "cohort" TEXT NOT NULL,
    "window_start_ms" DOUBLE PRECISION NOT NULL,
    "traces" INTEGER NOT NULL,
    "first_seen_ms" DOUBLE PRECISION NOT NULL,
    "summary" TEXT NOT NULL,
    "updated_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "cohort_windows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cohort_counted_traces" (
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,

    CONSTRAINT "cohort_counted_traces_pkey" PRIMARY KEY ("project_id","trace_id")
);

-- CreateTable
CREATE TABLE "drift_states" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "critical" BOOLEAN NOT NULL,
    "evidence" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "updated_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "drift_states_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_states" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "updated_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "alert_states_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_outbox" (
    "id" SERIAL NOT NULL,
    "project_id" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_ms" DOUBLE PRECISION NOT NULL,
    "last_error" TEXT,
    "created_ms" DOUBLE PRECISION NOT NULL,
    "delivered_ms" DOUBLE PRECISION,

    CONSTRAINT "alert_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_attempts" (
    "id" SERIAL NOT NULL,
    "outbox_id" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "at_ms" DOUBLE PRECISION NOT NULL,
    "status_code" INTEGER,
    "ok" BOOLEAN NOT NULL,
    "error" TEXT,
    "duration_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "alert_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_channel_states" (
    "name" TEXT NOT NULL,
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "disabled_ms" DOUBLE PRECISION,
    "disabled_reason" TEXT,
    "last_delivered_ms" DOUBLE PRECISION,

    CONSTRAINT "alert_channel_states_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "canaries_project_id_status_idx" ON "canaries"("project_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "canary_evaluations_canary_id_look_key" ON "canary_evaluations"("canary_id", "look");

-- CreateIndex
CREATE INDEX "cohort_windows_project_id_window_start_ms_idx" ON "cohort_windows"("project_id", "window_start_ms");

-- CreateIndex
CREATE UNIQUE INDEX "cohort_windows_project_id_service_environment_cohort_attrib_key" ON "cohort_windows"("project_id", "service", "environment", "cohort_attribute", "cohort", "window_start_ms");

-- CreateIndex
CREATE INDEX "drift_states_project_id_idx" ON "drift_states"("project_id");

-- CreateIndex
CREATE INDEX "alert_outbox_status_next_attempt_ms_idx" ON "alert_outbox"("status", "next_attempt_ms");

-- CreateIndex
CREATE INDEX "alert_attempts_outbox_id_idx" ON "alert_attempts"("outbox_id");
