#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reads the output of one test run and prints "PASSED FAILED", from whichever
summary it ends with:
  - the JUnit 5 console launcher ("[ N tests found ]", "[ N tests successful ]",
    "[ N containers failed ]"): a test found but not successful (failed,
    aborted, skipped, never started) fails, and so does each failed container
    (a class whose set-up failed);
  - pytest ("=== 3 passed, 1 failed, 1 error in 0.5s ==="): failed, errors and
    skipped tests fail;
  - TAP ("# pass N", "# fail N"), as node --test writes it.
Exits 3, printing "0 0", when the output holds none of these (the caller counts
its non-zero exit status as one failure).

usage: summary_counts.py LOG
"""
import re
import sys

JUNIT = re.compile(r'^\[\s*(\d+) (tests|containers) (found|successful|failed)\s*\]$', re.M)
PYTEST = re.compile(r'^=+ (.*) in [0-9.]+s\b.*=+$', re.M)
PYTEST_COUNT = re.compile(r'(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|deselected|warnings?)')
TAP_PASS = re.compile(r'^# pass (\d+)', re.M)
TAP_FAIL = re.compile(r'^# fail (\d+)', re.M)


def counts(text):
    junit = {(kind, what): int(n) for n, kind, what in JUNIT.findall(text)}
    if ('tests', 'found') in junit:
        passed = junit.get(('tests', 'successful'), 0)
        return passed, junit[('tests', 'found')] - passed + junit.get(('containers', 'failed'), 0)
    if summaries := PYTEST.findall(text):
        found = {what.rstrip('s') if what.startswith('error') else what: int(n)
                 for n, what in PYTEST_COUNT.findall(summaries[-1])}
        failing = ('failed', 'error', 'skipped', 'xpassed')
        return found.get('passed', 0), sum(found.get(k, 0) for k in failing)
    if (p := TAP_PASS.findall(text)) and (f := TAP_FAIL.findall(text)):
        return int(p[-1]), int(f[-1])
    return None


def main():
    with open(sys.argv[1], encoding='utf-8', errors='replace') as log:
        found = counts(log.read())
    print(*(found or (0, 0)))
    return 0 if found else 3


if __name__ == '__main__':
    sys.exit(main())
