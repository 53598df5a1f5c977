#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reads a `meson test` log (meson-logs/*.json, one JSON object per test) and
prints one line per group, "GROUP PASSED FAILED", counting test cases as
.ci/test always has: a doctest executable's test cases, a Node.js file's tests
(TAP "# pass"/"# fail"), one for any other test (a scenario, a check). A test
that failed without reporting a failed case (a crash, a timeout) counts one
failure. Groups: each unit test alone (unit-lib ...), then one per other
suite, the examples and the official Workspace API v3 client apart from the
integration tests.

usage: meson_counts.py TESTLOG.json [PREFIX]
"""
import json
import re
import sys

DOCTEST = re.compile(r'^\[doctest\] test cases:\s*\d+\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed', re.M)
TAP_PASS = re.compile(r'^# pass (\d+)', re.M)
TAP_FAIL = re.compile(r'^# fail (\d+)', re.M)


def counts(test):
    out = test.get('stdout') or ''
    ok = test['result'] in ('OK', 'EXPECTEDFAIL')
    if m := DOCTEST.findall(out):
        passed, failed = map(int, m[-1])
    elif (p := TAP_PASS.findall(out)) and (f := TAP_FAIL.findall(out)):
        passed, failed = int(p[-1]), int(f[-1])
    else:
        passed, failed = (1, 0) if ok else (0, 1)
    if not ok and failed == 0:
        failed = 1
    return passed, failed


def main(path, prefix=''):
    groups = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            test = json.loads(line)
            suite, _, name = test['name'].partition(' / ')
            suite = suite.split(':')[-1]
            if suite == 'unit':
                group = 'unit-' + name
            elif suite == 'integration' and name.startswith('examples-'):
                group = 'examples'
            elif suite == 'integration' and name.startswith('workspace-client-'):
                group = 'workspace-client'
            else:
                group = suite
            passed, failed = counts(test)
            total = groups.setdefault(prefix + group, [0, 0])
            total[0] += passed
            total[1] += failed
    for group, (passed, failed) in groups.items():
        print(group, passed, failed)


if __name__ == '__main__':
    main(*sys.argv[1:])
