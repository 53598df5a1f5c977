#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every scenario file under scenarios/ is declared in tests/meson.build (so
`meson test` replays it) and every declared one exists.

usage: check_declared.py SOURCE_ROOT DECLARED...
"""
import pathlib
import sys


def main(root, declared):
    root = pathlib.Path(root)
    on_disk = {str(p.relative_to(root)) for p in root.glob('scenarios/**/*.json')
               if not p.name.endswith('.actual.json')}
    listed = set(declared)
    for missing in sorted(on_disk - listed):
        print(f'{missing}: not in scenario_files of tests/meson.build, so no test replays it')
    for stale in sorted(listed - on_disk):
        print(f'{stale}: declared in tests/meson.build but not found')
    print(f'{len(on_disk)} scenario files, {len(listed)} declared')
    return 1 if on_disk != listed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2:]))
