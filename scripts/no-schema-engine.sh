#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded on offline machines.
# `prisma generate` only checks that the file exists; any stock command that really needs the
# engine (db push, migrate ...) runs this and fails loudly. The Prisma CLI parses the engine's stderr
# as JSON log lines, so the explanation is written in that shape to appear after
# "Error: Schema engine error:".
msg="tracegate: Prisma's native schema engine is not installed (offline setup). Apply migrations with 'npm run db:deploy'; create them with 'npx tsx scripts/migrations.ts diff --name NAME' (docs/storage.md)."
printf '{"timestamp":"1970-01-01T00:00:00Z","level":"ERROR","fields":{"message":"%s"},"target":"tracegate"}\n' "$msg" >&2
exit 1
