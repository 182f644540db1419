-- DropIndex
DROP INDEX "traces_updated_ms_idx";

-- AlterTable
ALTER TABLE "trace_scoring" ADD COLUMN     "scores" TEXT;

-- AlterTable: added as false (no row is rewritten), then only the traces not scored at their current
-- update, usually few, are marked pending. New rows are pending by default.
ALTER TABLE "traces" ADD COLUMN     "score_pending" BOOLEAN NOT NULL DEFAULT false;

UPDATE "traces" SET "score_pending" = true WHERE NOT EXISTS (
    SELECT 1 FROM "trace_scoring" s WHERE s."project_id" = "traces"."project_id" AND s."trace_id" = "traces"."trace_id"
    AND s."scored_ms" IS NOT NULL AND s."trace_updated_ms" >= "traces"."updated_ms"
);

ALTER TABLE "traces" ALTER COLUMN "score_pending" SET DEFAULT true;

-- CreateIndex
CREATE INDEX "traces_score_pending_updated_ms_idx" ON "traces"("score_pending", "updated_ms");

-- DropIndex (the judge job looks for scored traces without a judge status, oldest first)
DROP INDEX "trace_scoring_project_id_status_idx";

-- CreateIndex
CREATE INDEX "trace_scoring_judge_status_scored_ms_idx" ON "trace_scoring"("judge_status", "scored_ms");
