// Placeholder replaced by the Prisma setup step.
