#!/usr/bin/env bash
# Start the app: scripts/setup.sh, load sample data (if planner.sample_data exists),
# then Streamlit on 0.0.0.0:8501 (override with STREAMLIT_SERVER_ADDRESS /
# STREAMLIT_SERVER_PORT, or pass streamlit options: scripts/start.sh --server.port 9000).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh

# Only when the module exists; if it exists but fails, we stop and show why.
if .venv/bin/python -c 'import importlib.util as u, sys; sys.exit(0 if u.find_spec("planner.sample_data") else 1)' 2>/dev/null; then
    .venv/bin/python -m planner.sample_data
fi

export STREAMLIT_SERVER_HEADLESS=true
export STREAMLIT_SERVER_ADDRESS="${STREAMLIT_SERVER_ADDRESS:-0.0.0.0}"
export STREAMLIT_SERVER_PORT="${STREAMLIT_SERVER_PORT:-8501}"
export STREAMLIT_BROWSER_GATHER_USAGE_STATS=false
# With a wildcard address and no browser.serverAddress, Streamlit asks an outside
# service for the machine's public IP at start; name the address instead.
export STREAMLIT_BROWSER_SERVER_ADDRESS="${STREAMLIT_BROWSER_SERVER_ADDRESS:-localhost}"

exec .venv/bin/streamlit run streamlit_app.py "$@"
