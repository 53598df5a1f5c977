#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks subprojects/*.wrap without the network: each file parses as Meson
parses it (mesonbuild.wrap, when this runs under Meson's Python; configparser
otherwise), names a source and its SHA-256, and provides the variable that a
`fallback : ['NAME', 'VARIABLE']` of the root meson.build asks for; every
fallback has its wrap and every wrap is used by a fallback.

usage: check_wraps.py SOURCE_ROOT
"""
import configparser
import pathlib
import re
import sys

REQUIRED = ('directory', 'source_url', 'source_filename', 'source_hash')
SHA256 = re.compile(r'^[0-9a-f]{64}$')


def parse_wrap(path):
    """(type, values, provided {dependency: variable}) as Meson reads the file."""
    try:
        from mesonbuild.wrap.wrap import PackageDefinition
    except ImportError:
        PackageDefinition = None
    if PackageDefinition is not None:
        package = PackageDefinition(str(path))
        return package.type, dict(package.values), dict(package.provided_deps)
    config = configparser.ConfigParser(interpolation=None)
    config.read(path, encoding='utf-8')
    sections = [s for s in config.sections() if s.startswith('wrap-')]
    if len(sections) != 1:
        raise ValueError('expected exactly one [wrap-*] section')
    provided = {}
    if config.has_section('provide'):
        for key, value in config.items('provide'):
            if key == 'dependency_names':
                provided.update({name.strip(): None for name in value.split(',')})
            elif key != 'program_names':
                provided[key] = value
    return sections[0][len('wrap-'):], dict(config.items(sections[0])), provided


def main(root):
    root = pathlib.Path(root)
    errors = []
    wraps = {}
    for path in sorted((root / 'subprojects').glob('*.wrap')):
        try:
            kind, values, provided = parse_wrap(path)
        except Exception as e:  # Meson raises its own exception types
            errors.append(f'{path.name}: does not parse: {e}')
            continue
        if kind != 'file':
            errors.append(f'{path.name}: [wrap-{kind}]: only [wrap-file] (a pinned, hashed archive) is used here')
        for key in REQUIRED:
            if not values.get(key):
                errors.append(f'{path.name}: [wrap-file] has no {key}')
        for key in ('source_hash', 'patch_hash'):
            if key in values and not SHA256.match(values[key]):
                errors.append(f'{path.name}: {key} is not a SHA-256 (64 lowercase hex digits)')
        if ('patch_url' in values) != ('patch_hash' in values):
            errors.append(f'{path.name}: patch_url and patch_hash go together')
        if not provided:
            errors.append(f'{path.name}: no [provide] section')
        wraps[path.stem] = provided

    meson_build = (root / 'meson.build').read_text(encoding='utf-8')
    fallbacks = re.findall(r"fallback\s*:\s*\[\s*'([^']+)'\s*,\s*'([^']+)'\s*\]", meson_build)
    if not fallbacks:
        errors.append("meson.build: no fallback : ['NAME', 'VARIABLE'] found")
    for name, variable in fallbacks:
        if name not in wraps:
            errors.append(f"meson.build: fallback '{name}' has no subprojects/{name}.wrap")
        elif variable not in wraps[name].values():
            errors.append(f"meson.build: fallback ['{name}', '{variable}'], but {name}.wrap provides "
                          f"{wraps[name] or 'nothing'}")
    for name in wraps:
        if name not in {n for n, _ in fallbacks}:
            errors.append(f'subprojects/{name}.wrap: no dependency of meson.build falls back to it')

    for error in errors:
        print(error)
    print(f'{len(wraps)} wraps, {len(fallbacks)} fallbacks, {len(errors)} problems')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else '.'))
