#!/usr/bin/env bash
# Create or update both Python environments. Re-running with nothing changed takes
# seconds: each environment records a hash of its requirements and is only touched
# when that hash changes.
set -euo pipefail
cd "$(dirname "$0")/.."

quiet_pip() {  # pip, without the noise of this machine's file:// indexes
  "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}

find_python310() {
  local candidates=()
  [ -n "${HOTLINE_PYTHON310:-}" ] && candidates+=("$HOTLINE_PYTHON310")
  if command -v pyenv >/dev/null 2>&1; then
    for dir in "$(pyenv root)"/versions/3.10*; do candidates+=("$dir/bin/python"); done
  fi
  for dir in "$HOME"/.pyenv/versions/3.10*; do candidates+=("$dir/bin/python"); done
  candidates+=(python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10)
  for py in "${candidates[@]}"; do
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then
      command -v "$py"; return 0
    fi
  done
  return 1
}

find_python311() {
  for py in "${HOTLINE_PYTHON311:-}" python3.11 "$(pyenv root 2>/dev/null)"/versions/3.11*/bin/python python3; do
    [ -n "$py" ] || continue
    if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
      command -v "$py"; return 0
    fi
  done
  return 1
}

stamp_ok() {  # stamp_ok VENV HASH: the venv exists and was built from these requirements
  [ -x "$1/bin/python" ] && [ -f "$1/.hotline-stamp" ] && [ "$(cat "$1/.hotline-stamp")" = "$2" ]
}

# --- Rasa environment: Python 3.10, rasa==3.6.21 -------------------------------
rasa_hash=$(sha256sum requirements/rasa.txt | cut -c1-16)
if ! stamp_ok .venv-rasa "$rasa_hash"; then
  if ! py310=$(find_python310); then
    echo "error: Rasa 3.6 needs Python 3.10, and none was found." >&2
    echo "Install it (for example: pyenv install 3.10.13) or set HOTLINE_PYTHON310=/path/to/python3.10." >&2
    exit 1
  fi
  echo "setting up .venv-rasa with $py310 (Rasa 3.6.21, about 2 minutes the first time)"
  rm -rf .venv-rasa
  "$py310" -m venv .venv-rasa
  quiet_pip .venv-rasa/bin/pip install -q --upgrade pip
  quiet_pip .venv-rasa/bin/pip install -q -r requirements/rasa.txt
  version=$(.venv-rasa/bin/python -c 'import rasa; print(rasa.__version__)')
  if [ "$version" != "3.6.21" ]; then
    echo "error: expected rasa 3.6.21 in .venv-rasa, got $version" >&2; exit 1
  fi
  echo "$rasa_hash" > .venv-rasa/.hotline-stamp
fi

# --- Main environment: Python 3.11, this package ---------------------------------
main_hash=$(cat pyproject.toml | sha256sum | cut -c1-16)
if ! stamp_ok .venv "$main_hash"; then
  if ! py311=$(find_python311); then
    echo "error: Python 3.11 is needed for the assistant (python-telegram-bot, sentence-transformers)." >&2
    exit 1
  fi
  echo "setting up .venv with $py311"
  [ -x .venv/bin/python ] || "$py311" -m venv .venv
  quiet_pip .venv/bin/pip install -q --upgrade pip
  quiet_pip .venv/bin/pip install -q torch==2.13.0   # the CPU wheel on disk, before anything pulls CUDA
  quiet_pip .venv/bin/pip install -q -e '.[test]'
  echo "$main_hash" > .venv/.hotline-stamp
fi

# --- Debian packages: chromium (browser tests of the lawyers' desk) and the production
# profile's servers (PostgreSQL, Redis, nginx; started on loopback by `hotline up --profile
# production`, never as system services) ------------------------------------------------
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
# drafted documents (paperwork/): a TrueType CJK font to embed in the PDFs, pdftotext/pdftoppm to test them
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing="$missing fonts-wqy-microhei"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -x "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/initdb" ] || missing="$missing postgresql"
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086
    (apt-get install -y -q $missing >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q $missing >/dev/null; })
  else
    echo "warning: missing Debian packages:$missing (install them for the browser and production-profile tests)" >&2
  fi
fi
