#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks that src/ folders and CMake targets match one to one (docs/design.md, "Stages and targets").

Rules:
  * every folder under src/ that holds a CMakeLists.txt defines the library berth_<folder path with
    '/' replaced by '_'> (src/vuln/version -> berth_vuln_version); src/cli also defines `berth`;
  * a folder without a CMakeLists.txt (plugin folders such as analyze/pkgdb, testdata) belongs to the
    nearest enclosing folder that has one;
  * every production source (src/**/*.cpp, not *_test.cpp) is compiled exactly once, into the target
    of its folder (read from compile_commands.json: CMake puts objects under
    <build>/src/<folder>/CMakeFiles/<target>.dir/).
Usage: scripts/check-targets.py BUILD_DIR     (exit 1 and one line per problem when they differ)
"""
import json
import os
import re
import sys


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    src = os.path.join(root, "src")
    build = os.path.abspath(sys.argv[1])
    with open(os.path.join(build, "compile_commands.json"), encoding="utf-8") as f:
        commands = json.load(f)

    problems = []
    target_dirs = {}
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames[:] = sorted(d for d in dirnames if d != "testdata")
        rel = os.path.relpath(dirpath, src)
        if "CMakeLists.txt" in filenames and rel != ".":
            target_dirs[rel] = "berth_" + rel.replace(os.sep, "_")

    def owner(rel_file: str) -> str:
        d = os.path.dirname(rel_file)
        while d:
            if d in target_dirs:
                return d
            d = os.path.dirname(d)
        return ""

    compiled = {}
    for c in commands:
        path = os.path.normpath(os.path.join(c["directory"], c["file"]))
        if not path.startswith(src + os.sep) or path.endswith("_test.cpp"):
            continue
        m = re.search(r"CMakeFiles/([^/]+)\.dir/", c.get("output", "") or c.get("command", ""))
        if not m:
            problems.append(f"{path}: cannot tell its target from compile_commands.json")
            continue
        rel = os.path.relpath(path, src)
        compiled.setdefault(rel, []).append(m.group(1))

    for dirpath, dirnames, filenames in os.walk(src):
        dirnames[:] = [d for d in dirnames if d != "testdata"]
        for name in filenames:
            if not name.endswith(".cpp") or name.endswith("_test.cpp"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), src)
            folder = owner(rel)
            if not folder:
                problems.append(f"src/{rel}: no CMakeLists.txt in its folder or any enclosing one")
                continue
            want = target_dirs[folder]
            got = compiled.get(rel, [])
            if rel == os.path.join("cli", "main.cpp"):
                want = "berth"
            if got != [want]:
                problems.append(f"src/{rel}: compiled into {got or 'nothing'}, expected [{want}]")

    for p in problems:
        print(p)
    print(f"check-targets: {len(target_dirs)} folders = targets, {len(compiled)} sources checked, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
