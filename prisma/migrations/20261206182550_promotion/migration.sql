-- CreateTable
CREATE TABLE "flags" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "strength" REAL NOT NULL,
    "risk_hint" TEXT,
    "details" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "review_items" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "signals" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "reviewer" TEXT,
    "decided_at" DATETIME,
    "labels" TEXT,
    "reject_reason" TEXT,
    "case_id" TEXT,
    "duplicate_of_case" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "review_audit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "project_id" TEXT NOT NULL,
    "review_item_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "changes" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "promoted_cases" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "trace_id" TEXT NOT NULL,
    "review_item_id" TEXT NOT NULL,
    "tier" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "redaction_report" TEXT NOT NULL,
    "input_key" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("project_id", "id")
);

-- CreateTable
CREATE TABLE "dataset_versions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "project_id" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "name" TEXT,
    "content" TEXT NOT NULL,
    "case_count" INTEGER NOT NULL,
    "previous_version" TEXT,
    "changelog" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "flags_project_id_trace_id_idx" ON "flags"("project_id", "trace_id");

-- CreateIndex
CREATE INDEX "review_items_project_id_status_priority_idx" ON "review_items"("project_id", "status", "priority");

-- CreateIndex
CREATE UNIQUE INDEX "review_items_project_id_trace_id_key" ON "review_items"("project_id", "trace_id");

-- CreateIndex
CREATE INDEX "review_audit_review_item_id_at_idx" ON "review_audit"("review_item_id", "at");

-- CreateIndex
CREATE INDEX "dataset_versions_project_id_created_at_idx" ON "dataset_versions"("project_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "dataset_versions_project_id_version_key" ON "dataset_versions"("project_id", "version");
