#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every file matching the patterns is declared in tests/meson.build (so
`meson test` runs it) and every declared one exists: the scenario files under
scenarios/, the Node.js test files under tests/.

usage: check_declared.py ROOT PATTERN[,PATTERN...] LIST DECLARED...
  ROOT     the folder the patterns and DECLARED paths are relative to
  LIST     the list's name in tests/meson.build, for the messages
"""
import pathlib
import sys


def main(root, patterns, list_name, declared):
    root = pathlib.Path(root)
    on_disk = {str(p.relative_to(root)) for pattern in patterns.split(',') for p in root.glob(pattern)
               if not p.name.endswith('.actual.json')}
    listed = set(declared)
    for missing in sorted(on_disk - listed):
        print(f'{missing}: not in {list_name} of tests/meson.build, so no test runs it')
    for stale in sorted(listed - on_disk):
        print(f'{stale}: declared in tests/meson.build but not found')
    print(f'{len(on_disk)} files, {len(listed)} declared')
    return 1 if on_disk != listed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))
