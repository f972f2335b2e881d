// tools/hostbench/shim.cc - the only C++: registers each C benchmark of
// hostbench_table with Google Benchmark.  One batch of max_iterations
// operations per run, so the C loop is timed as a whole.
#include <benchmark/benchmark.h>
#include "hostbench.h"

int main(int argc, char **argv)
{
	for (unsigned i = 0; i < hostbench_count; i++) {
		const struct hostbench *b = hostbench_table[i];

		benchmark::RegisterBenchmark(b->name, [b](benchmark::State &st) {
			const char *why = b->check ? b->check() : nullptr;

			if (why) {
				st.SkipWithError(why);
				return;
			}
			if (b->setup)
				b->setup();
			while (st.KeepRunningBatch(st.max_iterations))
				b->run(static_cast<uint64_t>(st.max_iterations));
			st.SetLabel(b->label);
		});
	}
	benchmark::Initialize(&argc, argv);
	if (benchmark::ReportUnrecognizedArguments(argc, argv))
		return 1;
	benchmark::RunSpecifiedBenchmarks();
	benchmark::Shutdown();
	return 0;
}
