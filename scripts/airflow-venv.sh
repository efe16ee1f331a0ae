#!/usr/bin/env bash
# A Python venv with Apache Airflow 3 and apache-airflow-providers-http, installed from PyPI exactly as pinned in
# airflow/requirements.lock (Airflow's constraint files are on GitHub, which CI cannot reach, so the project keeps
# its own lock). Idempotent: a venv that already has every locked version is left alone (well under a second).
#
# Usage:
#   scripts/airflow-venv.sh [VENV_DIR]            create or refresh the venv (default .user-streamer/airflow-venv)
#   scripts/airflow-venv.sh --relock [VENV_DIR]   resolve airflow/requirements.in afresh (no lock), rewrite
#                                                 airflow/requirements.lock from the result, then as above
# Environment:
#   AIRFLOW_PYTHON            the Python to build the venv with (default python3.11, else python3 if it is 3.11)
#   AIRFLOW_VENV_INSTALLER    uv (default; falls back to pip if uv cannot be installed) or pip
# Prints the venv's directory on stdout when it is ready; progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
log() { echo "airflow-venv [$(($(date +%s) - started))s]: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

relock=false
if [ "${1:-}" = "--relock" ]; then
  relock=true
  shift
fi
VENV_DIR=${1:-.user-streamer/airflow-venv}
case "$VENV_DIR" in /*) ;; *) VENV_DIR="$PWD/$VENV_DIR" ;; esac
REQUIREMENTS_IN=airflow/requirements.in
LOCK=airflow/requirements.lock
UV_VERSION=0.13.9
TOOLS_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/user-streamer"
INSTALLER=${AIRFLOW_VENV_INSTALLER:-uv}
export UV_PYTHON_DOWNLOADS=never PIP_DISABLE_PIP_VERSION_CHECK=1

# The lock was made on CPython 3.11 (Linux); Airflow 3 supports 3.10-3.13, but other versions may need a relock.
python_bin=${AIRFLOW_PYTHON:-}
if [ -z "$python_bin" ]; then
  if command -v python3.11 >/dev/null; then
    python_bin=python3.11
  elif command -v python3 >/dev/null; then
    python_bin=python3
  else
    die "no Python found: install Python 3.11 (Debian: apt-get install python3.11 python3.11-venv) or set AIRFLOW_PYTHON"
  fi
fi
py_version=$("$python_bin" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) ||
  die "$python_bin does not run"
case "$py_version" in
  3.11) ;;
  3.10 | 3.12 | 3.13) log "warning: $LOCK was made with Python 3.11; using $python_bin ($py_version)" ;;
  *) die "$python_bin is Python $py_version; Airflow 3 needs 3.10-3.13 (3.11 preferred): set AIRFLOW_PYTHON" ;;
esac

# Is every locked version installed in the venv? (reads the venv's package metadata; no pip, no network)
lock_satisfied() {
  [ -x "$VENV_DIR/bin/python" ] && [ -x "$VENV_DIR/bin/airflow" ] || return 1
  "$VENV_DIR/bin/python" - "$LOCK" "$py_version" <<'PY'
import re, sys
from importlib import metadata
lock, want_python = sys.argv[1], sys.argv[2]
if "%d.%d" % sys.version_info[:2] != want_python:
    sys.exit(1)
norm = lambda name: re.sub(r"[-_.]+", "-", name).lower()
have = {norm(d.metadata["Name"]): d.version for d in metadata.distributions() if d.metadata["Name"]}
missing = []
for line in open(lock):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, _, version = line.partition("==")
    if have.get(norm(name)) != version.strip():
        missing.append(f"{name}=={version} (have {have.get(norm(name), 'none')})")
if missing:
    print(f"{len(missing)} locked versions missing, e.g. {', '.join(missing[:3])}", file=sys.stderr)
    sys.exit(1)
PY
}

# uv (from PyPI, pinned) installs the ~140 locked wheels several times faster than pip; it lives in the user's cache
# so every clone shares it. Prints uv's path, or nothing when pip is to be used.
uv_bin() {
  [ "$INSTALLER" = "uv" ] || return 0
  local dir="$TOOLS_CACHE/uv-$UV_VERSION"
  if [ ! -x "$dir/bin/uv" ]; then
    log "installing uv $UV_VERSION from PyPI into $dir"
    rm -rf "$dir"
    if ! { "$python_bin" -m venv "$dir" && "$dir/bin/pip" install -q "uv==$UV_VERSION"; } >&2; then
      log "warning: could not install uv; using pip"
      rm -rf "$dir"
      return 0
    fi
  fi
  echo "$dir/bin/uv"
}

new_venv() {
  local dir=$1
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  "$python_bin" -m venv "$dir" >&2 ||
    die "could not create a venv with $python_bin (Debian's python: apt-get install python3.11-venv)"
}

# Installs requirement files into a venv; --compile-bytecode because Airflow's CLI imports a lot and this machine's
# environment may set PYTHONDONTWRITEBYTECODE (then nothing is ever cached at run time).
UV=unset
install_into() {
  local dir=$1
  shift
  [ "$UV" != unset ] || UV=$(uv_bin)
  if [ -n "$UV" ]; then
    "$UV" pip install --quiet --compile-bytecode --python "$dir/bin/python" "$@" >&2
  else
    "$dir/bin/pip" install --quiet "$@" >&2
  fi
}

mkdir -p "$(dirname "$VENV_DIR")"
# One install at a time per venv (the test suite and a developer may start this together).
exec 9>"$VENV_DIR.lock"
flock -w 1200 9 || die "timed out waiting for another airflow-venv.sh on $VENV_DIR"

if $relock; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  log "resolving $REQUIREMENTS_IN without a lock (Python $py_version)"
  new_venv "$scratch/venv"
  install_into "$scratch/venv" -r "$REQUIREMENTS_IN"
  "$scratch/venv/bin/pip" check >&2 || die "the fresh resolution has broken requirements"
  {
    echo "# Generated by scripts/airflow-venv.sh --relock from $REQUIREMENTS_IN on $(date -u +%Y-%m-%d)"
    echo "# with CPython $py_version on $(uname -s)/$(uname -m). Do not edit by hand: change $REQUIREMENTS_IN and relock."
    "$scratch/venv/bin/pip" freeze --exclude pip --exclude setuptools --exclude wheel | LC_ALL=C sort -f
  } >"$LOCK.tmp"
  mv "$LOCK.tmp" "$LOCK"
  log "wrote $LOCK ($(grep -c '==' "$LOCK") packages)"
fi

[ -f "$LOCK" ] || die "$LOCK is missing: run scripts/airflow-venv.sh --relock"

if lock_satisfied 2>/dev/null; then
  log "up to date: $VENV_DIR"
else
  if [ ! -x "$VENV_DIR/bin/python" ] ||
    [ "$("$VENV_DIR/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" != "$py_version" ]; then
    log "creating a Python $py_version venv at $VENV_DIR"
    new_venv "$VENV_DIR"
  fi
  [ "$UV" != unset ] || UV=$(uv_bin)
  log "installing $LOCK ($(grep -c '==' "$LOCK") packages) with $([ -n "$UV" ] && echo "uv $UV_VERSION" || echo pip)"
  install_into "$VENV_DIR" -r "$LOCK"
  lock_satisfied || die "the venv does not match $LOCK after installing it"
  "$VENV_DIR/bin/airflow" version >/dev/null 2>&1 || die "$VENV_DIR/bin/airflow does not run"
  log "installed in $(($(date +%s) - started)) s: $VENV_DIR"
fi
echo "$VENV_DIR"
