#!/usr/bin/env bash
# The test command of README.md: installs what the tests need, builds, runs every test, prints the totals.
set -uo pipefail
cd "$(dirname "$0")/.."

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser of its own)
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null \
    || { echo "Could not install chromium with apt-get"; exit 1; }
fi

# Node.js with npm for the OpenAPI lint (npx @redocly/cli, pinned in the test); Debian's packages where it is missing
if ! command -v npx >/dev/null 2>&1; then
  echo "Installing Debian's nodejs and npm for the OpenAPI lint..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null \
    || { echo "Could not install nodejs and npm with apt-get"; exit 1; }
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Portal.sln -c Release -nologo -clp:ErrorsOnly -m:2 || { echo "0 passed, 1 failed"; exit 1; }

rm -rf TestResults
dotnet test Portal.sln -c Release --no-build -nologo --results-directory TestResults --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal"
status=$?

passed=0; failed=0; skipped=0
for trx in TestResults/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  s=$(( ${t:-0} - ${p:-0} - ${f:-0} ))   # skipped tests are counted in total only
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
