#!/usr/bin/env bash
# Run the test suite: scripts/setup.sh --test, then pytest. Extra args go to pytest:
#   scripts/test.sh                         whole suite
#   scripts/test.sh tests/test_infra_smoke.py -x
#   scripts/test.sh -m "not browser"        skip the Chromium tests
#   scripts/test.sh -n 2                    in parallel (pytest-xdist)
# Exits non-zero on failures, and also when no test was collected.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh --test

extra=()
[[ "${CI:-}" == "true" ]] && extra+=(--durations=15)

# Whole-suite safety net (the per-test limit is in pytest.ini): SIGINT lets
# pytest tear fixtures down (stopping PostgreSQL and Streamlit) before it exits.
suite_limit="${KVP_SUITE_TIMEOUT:-1800}"

set +e
timeout --signal=INT --kill-after=60 "$suite_limit" \
    .venv/bin/python -m pytest -q -ra "${extra[@]}" "$@" </dev/null
rc=$?
set -e

case $rc in
    0) ;;
    5) echo "test.sh: FAILED: pytest collected no tests (exit code 5)" >&2; exit 1 ;;
    124|137) echo "test.sh: FAILED: test suite exceeded ${suite_limit}s and was stopped" >&2 ;;
    *) echo "test.sh: FAILED: pytest exited with code $rc" >&2 ;;
esac
exit $rc
