#!/usr/bin/env python3
"""tools/unittest_tap.py -- the host tools' Python self-tests as TAP.

Owns: running a test module's unittest cases and printing TAP when
tools/harness.py runs it as a host test (it sets CMOCKA_MESSAGE_OUTPUT=TAP),
unittest's own text otherwise.  Used by tools/test_*.py:
    if __name__ == "__main__":
        sys.exit(unittest_tap.main(sys.modules[__name__]))
"""

import os
import unittest


class TapResult(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.n = 0

    def _line(self, test, ok, why=""):
        self.n += 1
        name = test.id().split(".", 1)[-1]
        print("%s %d - %s%s" % ("ok" if ok else "not ok", self.n, name, why), flush=True)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(test, True)

    def _fail(self, test, err, what):
        self._line(test, False, " # %s" % what)
        for l in self._exc_info_to_string(err, test).rstrip().splitlines():
            print("# " + l)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._fail(test, err, "failed")

    def addError(self, test, err):
        super().addError(test, err)
        self._fail(test, err, "error")

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._line(test, True, " # SKIP %s" % reason)


def main(module) -> int:
    """Runs module's tests: TAP under the harness, unittest's text otherwise."""
    suite = unittest.defaultTestLoader.loadTestsFromModule(module)
    if os.environ.get("CMOCKA_MESSAGE_OUTPUT", "").upper() != "TAP":
        return 0 if unittest.TextTestRunner(verbosity=1).run(suite).wasSuccessful() else 1
    print("1..%d" % suite.countTestCases(), flush=True)
    result = TapResult()
    suite.run(result)
    return 0 if result.wasSuccessful() else 1
