#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Summarizes why tests were skipped, from ctest's JUnit report (ctest --output-junit FILE).

ctest prints "Skipped" without a reason unless run with -V; the reason is in each test's output
(GoogleTest writes "FILE:LINE: Skipped" then the GTEST_SKIP() message), which the JUnit report
keeps. Prints one line per distinct reason, most frequent first:

    57 skipped:
      41  fixture images not built (scripts/test.sh builds them)  [e.g. Inspect.Golden/layered]
"""
import collections
import sys
import xml.etree.ElementTree as ET

WIDTH = 118


def reason_of(case):
    out = case.findtext("system-out") or ""
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if line.rstrip().endswith(": Skipped") and i + 1 < len(lines) and lines[i + 1].strip():
            return lines[i + 1].strip()
    skipped = case.find("skipped")
    message = skipped.get("message", "") if skipped is not None else ""
    return message or "(no reason given)"


def main(path):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        print(f"skip-summary: cannot read {path}: {e}", file=sys.stderr)
        return 0
    reasons = collections.OrderedDict()
    for case in root.iter("testcase"):
        if case.find("skipped") is None:
            continue
        reasons.setdefault(reason_of(case), []).append(case.get("name", "?"))
    total = sum(len(v) for v in reasons.values())
    if total == 0:
        return 0
    print(f"{total} skipped:")
    for reason, names in sorted(reasons.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        line = f"  {len(names):3d}  {reason}"
        example = f"  [e.g. {names[0]}]"
        if len(line) > WIDTH:
            line = line[: WIDTH - 1] + "…"
        if len(line) + len(example) <= WIDTH:
            line += example
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]) if len(sys.argv) == 2 else 2)
