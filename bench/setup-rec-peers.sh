#!/bin/sh
# Creates the Python venv the recommendation benchmarks compare against (bench/rec-eval-ml100k.ts
# runs bench/implicit_peer.py with it). Versions are pinned so figures stay comparable.
# Usage: sh bench/setup-rec-peers.sh   (idempotent; needs python3 with venv and PyPI access)
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.tools/rec-peers-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  implicit==0.7.3 numpy==2.4.6 scipy==1.17.1 threadpoolctl==3.8.0 tqdm==4.70.1
"$venv/bin/python" -c "import implicit; print('implicit', implicit.__version__, 'in', '$venv')"
