#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/screenshots/*.png) of the main pages over the demo data, at the office
# terminal's 1280x800 and two on a 390x844 phone, with the browser tests' own set-up: the test build (Release), Debian's
# Chromium driven by Playwright (installed by scripts/test.sh), the real portal on a fresh SQLite database.
# The pictures come from Portal.Tests/Browser/ScreenshotTests.cs, selected here by its trait.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "Debian's chromium is missing: run scripts/test.sh once (it installs what the browser tests need)." >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# the test build, brought up to date (does nothing when scripts/test.sh has just built it)
dotnet build Portal.sln -c Release -nologo -clp:ErrorsOnly -m:2

out="$PWD/docs/screenshots"
mkdir -p "$out"
PORTAL_SCREENSHOTS_DIR="$out" dotnet test Portal.Tests/Portal.Tests.csproj -c Release --no-build -nologo \
  --filter "Category=Screenshots" --logger "console;verbosity=normal"
ls -l "$out"/*.png
