#!/usr/bin/env bash
# Sets up campaign-bot on a fresh machine: a virtualenv in .venv with the pinned dependencies
# (dev extras too, so the tests can run), and a CJK font for the bulletin chart.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

# The chart needs a font with Chinese glyphs; Debian's WenQuanYi Micro Hei is small (≈5 MB).
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing a CJK font (fonts-wqy-microhei)"
    (apt-get install -y -qq fonts-wqy-microhei >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq fonts-wqy-microhei >/dev/null 2>&1; }) \
      || echo "setup: warning: could not install a CJK font; charts will show boxes for Chinese"
  else
    echo "setup: warning: no CJK font found; install fonts-wqy-microhei (or any Noto CJK font)"
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e '.[dev]'
  rm -f .venv/.installed-* && touch "$stamp"
fi
# matplotlib caches the font list; rebuild it when a font was just installed.
rm -rf "${MPLCONFIGDIR:-$HOME/.cache/matplotlib}"/fontlist-*.json 2>/dev/null || true
echo "setup: ok ($(.venv/bin/python --version))"
