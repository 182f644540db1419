#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded on offline machines.
# `prisma generate` only checks that the file exists; any stock command that really needs the
# engine (db push, migrate ...) runs this and fails loudly (the CLI shows "Error: Schema engine error:").
echo "tracegate: Prisma's native schema engine is not installed (offline setup)." >&2
echo "Use 'npm run db:deploy' to apply migrations and 'npx tsx scripts/migrations.ts diff --name X' to create them (docs/storage.md)." >&2
exit 1
