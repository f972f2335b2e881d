#!/usr/bin/env bash
# tools/compare.sh -- compare two benchmark runs (Google Benchmark JSON from
# tools/bench.py) with Google Benchmark's compare.py.
#
# Usage: tools/compare.sh [compare.py options, e.g. --no-color] OLD.json NEW.json
#
# compare.py comes from Debian's libbenchmark-tools (tools/deps.sh bench;
# /usr/share/benchmark/compare.py, override with COMPARE_PY=path) and needs
# a Python with scipy and numpy (python3-scipy).  Without them the stdlib
# tools/compare_simple.py prints the same columns.  Either way a first line
# warns when the two runs are not comparable (mode, guest CPUs, QEMU).
# Colour codes only on a terminal: piped or redirected, --no-color is added.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || { echo "usage: $0 [compare.py options] OLD.json NEW.json" >&2; exit 2; }
new=${*: -1}
old=${*: -2:1}
opts=("${@:1:$#-2}")
for f in "$old" "$new"; do
	[ -f "$f" ] || { echo "compare: $f: no such file" >&2; exit 2; }
done

python3 "$here/compare_simple.py" --warn-only "$old" "$new"

compare_py=${COMPARE_PY:-}
if [ -z "$compare_py" ]; then
	compare_py=/usr/share/benchmark/compare.py
	if [ ! -f "$compare_py" ] && command -v dpkg >/dev/null; then
		compare_py=$(dpkg -L libbenchmark-tools 2>/dev/null | grep '/compare\.py$' | head -n1)
	fi
fi

# compare.py imports scipy and numpy: Debian installs them for /usr/bin/python3,
# which another python3 first in PATH (pyenv, venv) may not see.
py=
for cand in /usr/bin/python3 python3; do
	if command -v "$cand" >/dev/null && "$cand" -c 'import scipy.stats, numpy' 2>/dev/null; then
		py=$cand
		break
	fi
done

[ -t 1 ] || opts+=(--no-color)

if [ -n "$compare_py" ] && [ -f "$compare_py" ] && [ -n "$py" ]; then
	exec "$py" "$compare_py" "${opts[@]}" benchmarks "$old" "$new"
fi
echo "compare: Google Benchmark's compare.py or scipy missing (tools/deps.sh bench); using tools/compare_simple.py"
exec python3 "$here/compare_simple.py" "$old" "$new"
