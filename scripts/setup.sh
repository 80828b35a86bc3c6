#!/usr/bin/env bash
# Idempotent project setup: the Python venv, and with --test (or CI=true) the
# system pieces the test suite needs. Safe to run again and again: when
# everything is present it finishes in about a second and prints nothing.
#
#   scripts/setup.sh          .venv + requirements-dev.txt
#   scripts/setup.sh --test   ... plus Chromium, PostgreSQL server, poppler-utils,
#                             fonts with æøå, and axe-core (npm ci, node_modules/)
#
# Quiet on success; on failure it says what failed and shows the tool's output.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV="$ROOT/.venv"
PY_STAMP="$VENV/.setup-stamp"
NODE_STAMP="$ROOT/node_modules/.setup-stamp"

die() { echo "setup.sh: error: $*" >&2; exit 1; }
note() { echo "setup.sh: $*" >&2; }

usage() {
    sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

want_test=0
for arg in "$@"; do
    case "$arg" in
        --test) want_test=1 ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument '$arg' (try --help)" ;;
    esac
done
[[ "${CI:-}" == "true" ]] && want_test=1

# run_quiet DESCRIPTION CMD... — run CMD with its output kept aside; show it only on failure.
run_quiet() {
    local what="$1"; shift
    local log
    log="$(mktemp "${TMPDIR:-/tmp}/kvp-setup.XXXXXX")"
    if ! "$@" >"$log" 2>&1; then
        echo "setup.sh: FAILED: $what" >&2
        echo "setup.sh: command: $*" >&2
        echo "----- last 60 lines of output -----" >&2
        tail -n 60 "$log" >&2
        echo "-----------------------------------" >&2
        rm -f "$log"
        exit 1
    fi
    rm -f "$log"
}

# One setup at a time per checkout (start.sh and test.sh may run side by side).
LOCK="${TMPDIR:-/tmp}/kvp-setup-$(printf '%s' "$ROOT" | sha256sum | cut -c1-16).lock"
exec 9>"$LOCK"
if ! flock -w 1800 9; then die "timed out waiting for another setup.sh (lock $LOCK)"; fi

# ---------------------------------------------------------------- Python venv
command -v python3 >/dev/null || die "python3 not found (need Python 3.11)"

if [[ -x "$VENV/bin/python" ]] && ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
    note "existing .venv is broken; recreating it"
    rm -rf "$VENV"
fi
if [[ ! -x "$VENV/bin/python" ]]; then
    run_quiet "create virtualenv .venv" python3 -m venv "$VENV"
fi

py_want="$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1) $("$VENV/bin/python" -c 'import sys; print(sys.version.split()[0])')"
if [[ ! -f "$PY_STAMP" || "$(cat "$PY_STAMP")" != "$py_want" ]]; then
    run_quiet "pip install -r requirements-dev.txt" \
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
        -r requirements-dev.txt
    printf '%s\n' "$py_want" >"$PY_STAMP"
fi

[[ $want_test == 1 ]] || exit 0

# ------------------------------------------------------- system pieces for tests
as_root() {
    if [[ $EUID -eq 0 ]]; then "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
    else return 1
    fi
}

have_pg() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null; }

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
have_pg || missing+=(postgresql)
{ command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null; } || missing+=(poppler-utils)
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || missing+=(fonts-dejavu-core)
command -v npm >/dev/null || missing+=(nodejs npm)

if ((${#missing[@]})); then
    if [[ $EUID -ne 0 ]] && ! { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; then
        msg="missing system packages: ${missing[*]} — install them with: apt-get install -y ${missing[*]}"
        if [[ "${CI:-}" == "true" ]]; then die "$msg"; fi
        note "warning: $msg (tests that need them will be skipped)"
    else
        export DEBIAN_FRONTEND=noninteractive
        run_quiet "apt-get update" as_root apt-get update -qq
        run_quiet "apt-get install ${missing[*]}" \
            as_root apt-get install -y -qq -o Dpkg::Use-Pty=0 "${missing[@]}"
        [[ -x /usr/bin/chromium ]] || die "chromium installed but /usr/bin/chromium is missing"
        have_pg || die "postgresql installed but no initdb/pg_ctl under /usr/lib/postgresql/*/bin"
    fi
fi

# axe-core from package-lock.json (npm ci), redone only when the lock file changes.
if command -v npm >/dev/null; then
    node_want="$(sha256sum package-lock.json | cut -d' ' -f1)"
    if [[ ! -f node_modules/axe-core/axe.min.js || ! -f "$NODE_STAMP" || "$(cat "$NODE_STAMP")" != "$node_want" ]]; then
        run_quiet "npm ci (axe-core)" npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
        [[ -f node_modules/axe-core/axe.min.js ]] || die "npm ci ran but node_modules/axe-core/axe.min.js is missing"
        printf '%s\n' "$node_want" >"$NODE_STAMP"
    fi
fi
