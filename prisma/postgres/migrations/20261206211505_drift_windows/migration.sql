-- CreateTable
CREATE TABLE "drift_windows" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "critical" BOOLEAN NOT NULL,
    "window_start_ms" DOUBLE PRECISION NOT NULL,
    "evidence" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "updated_ms" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "drift_windows_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "drift_windows_project_id_window_start_ms_idx" ON "drift_windows"("project_id", "window_start_ms");
