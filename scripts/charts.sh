#!/bin/sh
# Draws the dashboard's main charts from an `agentmock dump` as PNGs:
#   scripts/charts.sh DUMP.json OUTDIR [--time-zone America/New_York]
# matplotlib comes from PyPI into a virtual environment under target/
# (ignored by git; CHARTS_VENV moves it); nothing outside it is installed.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${CHARTS_VENV:-$root/target/charts-venv}
requirements="matplotlib==3.10.8 numpy==2.2.6 tzdata==2025.2"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.requirements" 2>/dev/null)" != "$requirements" ]; then
    python3 -m venv "$venv"
    # shellcheck disable=SC2086 # one word per requirement
    "$venv/bin/pip" install --quiet --disable-pip-version-check $requirements
    echo "$requirements" > "$venv/.requirements"
fi
# matplotlib's font cache stays in the environment, not the user's home.
MPLCONFIGDIR="$venv/mplconfig" MPLBACKEND=Agg exec "$venv/bin/python" "$root/scripts/charts.py" "$@"
