#!/usr/bin/env bash
# The one test command (README, .ci/run): type check, unit/property tests, production build,
# the server API tests again on a real PostgreSQL (throwaway, loopback), then the browser end-to-end
# tests in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
npm run typecheck
npx vitest run
bash scripts/with-postgres.sh npx vitest run tests/server
npx vite build --logLevel warn
if [ -f tests/e2e/run.ts ]; then npm run test:e2e; fi
