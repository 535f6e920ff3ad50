#!/usr/bin/env bash
# The clock-sensitive suites under other dates (Debian's libfaketime shifts the clock of every process it starts;
# the PostgreSQL server keeps the real one). A test or product path that reads the wall clock where it should take
# `now` fails here the day it is written, not months later when the calendar passes a fixture's date.
# Usage: bash test/support/shifted-clock.sh   (needs `faketime`: apt-get install faketime; .ci/run installs it)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v faketime >/dev/null || { echo "faketime is not installed (apt-get install faketime)" >&2; exit 1; }

# Everything that derives a date, an age, a due time or a "today": ETAs, states, CSV, ledger, dashboard, alerts,
# emails, jobs, retention. The whole suite under +400 days is `faketime -f '+400d' npm test` (README, Testing).
SUITES=(
  app/domain
  test/integration/clock-discipline.test.ts
  test/integration/backorder-csv-import.test.ts
  test/integration/backorder-changes.test.ts
  test/integration/home-summary.test.ts
  test/integration/dashboard-on-10k-orders.test.ts
  test/integration/order-ledger.test.ts
  test/integration/order-actions-sync.test.ts
  test/integration/order-emails.test.ts
  test/integration/cancellation-requests.test.ts
  test/integration/restock-alerts.test.ts
  test/integration/waitlist.test.ts
  test/integration/signup.test.ts
  test/integration/unsubscribe.test.ts
  test/integration/variant-list.test.ts
  test/integration/automation.test.ts
  test/integration/jobs.test.ts
  test/integration/retention-pruning.test.ts
  test/integration/shop-parking.test.ts
  test/integration/storefront-metafields.test.ts
  test/integration/webhook-routes.test.ts
  test/e2e/demo-seed.test.ts
)

run_at() {
  local label="$1" when="$2" zone="$3"
  echo "── clock: $label (faketime '$when', TZ=$zone)"
  TZ="$zone" faketime -f "$when" npx vitest run --project unit --project integration --project e2e "${SUITES[@]}"
}

run_at "400 days from today" "+400d" "UTC"
# 22:30 in New York on Feb 29 is already Mar 1 in UTC: "today" must come from the shop's zone, not from UTC.
run_at "a leap day" "@2028-02-29 22:30:00" "America/New_York"
# Two minutes before the US spring-forward (02:00 EST → 03:00 EDT) and the EU fall-back (03:00 CEST → 02:00 CET),
# so the change happens while the suites run. faketime reads these times in TZ's local time.
run_at "across US daylight saving (spring forward)" "@2027-03-14 01:58:00" "America/New_York"
run_at "across EU daylight saving (fall back)" "@2027-10-31 02:58:00" "Europe/Berlin"
echo "── the clock-sensitive suites pass on every date above"
