#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A replay that must fail, and fail the right way: `ctisim replay SCENARIO`
must exit with 1 (a scenario failed; not 0, not a usage error, not a crash or
a signal) and print every line of EXPECTED, in order, each as part of a line of
its report. So a crash, a hang (meson's timeout) or a wrong diff fails the test.

usage: expect_failure.py CTISIM SCENARIO EXPECTED
"""
import subprocess
import sys


def main(ctisim, scenario, expected_file):
    with open(expected_file, encoding='utf-8') as f:
        wanted = [line.rstrip('\n') for line in f if line.strip() and not line.startswith('#')]
    run = subprocess.run([ctisim, 'replay', scenario], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, timeout=50)
    print(run.stdout, end='')
    problems = []
    if run.returncode != 1:
        what = f'signal {-run.returncode}' if run.returncode < 0 else f'exit code {run.returncode}'
        problems.append(f'expected exit code 1 (a scenario failed), got {what}')
    lines = run.stdout.splitlines()
    at = 0
    for want in wanted:
        found = next((i for i in range(at, len(lines)) if want in lines[i]), None)
        if found is None:
            problems.append(f'missing from the report (in this order): {want!r}')
        else:
            at = found + 1
    for problem in problems:
        print(f'expect_failure: {problem}')
    return 1 if problems else 0


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
