# bench/: in-guest benchmark programs (none yet; see BENCHMARKS.md).
