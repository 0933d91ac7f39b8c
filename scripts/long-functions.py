#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Lists C++ functions longer than N lines (STYLE: no production function over 120 lines).

    scripts/long-functions.py [--max 120] [--tests] [--quiet] [PATH ...]   (default PATH: src)

Prints "path:line: name (N lines)" for each function body longer than --max lines, longest
first, and exits 1 when there is any (0 otherwise), so CI can run it as a gate. *_test.cpp and
testdata/ are skipped unless --tests is given. A function's length runs from the first line of
its declarator to its closing brace, blank and comment lines included (what a reader scrolls).

Method: a brace matcher, not a compiler. Comments, string and character literals (raw strings
too) and preprocessor lines are blanked first; then every '{' outside a function body is
classified by the text since the previous ';', '{' or '}': namespace/class/struct/enum/union
scopes are entered, "= {" and "T x{" initializers are data, and a header ending in ")" plus
qualifiers (const, noexcept, override, -> T, a constructor's ": member(init)" list) whose name
is not a control keyword is a function. Lambdas and local classes count toward the function
that holds them. Good enough for this code base's style (clang-format'ed); for an exact
answer use clang's AST (clang++ -Xclang -ast-dump=json), which is ~100x slower.
"""
import argparse
import os
import re
import sys

CONTROL = {"if", "for", "while", "switch", "catch", "return", "sizeof", "decltype", "alignas",
           "alignof", "noexcept", "static_assert", "requires", "__attribute__", "defined"}
QUALIFIERS = re.compile(
    r"(\s*(const|volatile|override|final|mutable|&&|&|noexcept(\s*\([^()]*\))?|"
    r"\[\[[^\]]*\]\]|->\s*[\w:<>,\s\*&\[\]]+?))*\s*$")


def blank_out(src):
    """Replaces comments, literals and preprocessor lines with spaces, keeping newlines."""
    out = []
    i, n = 0, len(src)
    line_start = True
    while i < n:
        c = src[i]
        if line_start and c == "#" or (line_start and c in " \t" and
                                         src[i:].lstrip(" \t").startswith("#")):
            # preprocessor directive, with backslash continuations
            j = i
            while j < n:
                k = src.find("\n", j)
                if k < 0:
                    k = n
                if k > 0 and src[k - 1] == "\\":
                    j = k + 1
                    continue
                break
            out.append(re.sub(r"[^\n]", " ", src[i:k]))
            i = k
            continue
        if src.startswith("//", i):
            k = src.find("\n", i)
            k = n if k < 0 else k
            out.append(" " * (k - i))
            i = k
            continue
        if src.startswith("/*", i):
            k = src.find("*/", i + 2)
            k = n if k < 0 else k + 2
            out.append(re.sub(r"[^\n]", " ", src[i:k]))
            i = k
            continue
        m = re.match(r'(?:u8|u|U|L)?R"([^(\s]{0,16})\(', src[i:i + 24])
        if m and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_")):
            end = src.find(")" + m.group(1) + '"', i + m.end())
            end = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", src[i:end]))
            i = end
            continue
        if c == '"' or (c == "'" and not (i > 0 and src[i - 1].isalnum())):
            # a digit separator (1'000) follows an alphanumeric; a char literal does not
            j = i + 1
            while j < n and src[j] != c and src[j] != "\n":
                j += 2 if src[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * (j - i - 2) + c if j - i >= 2 else " " * (j - i))
            i = j
            continue
        out.append(c)
        line_start = c == "\n" or (line_start and c in " \t")
        i += 1
    return "".join(out)


def function_name(header):
    """The function name when `header` (text before '{') declares a function, else None."""
    h = " ".join(header.split())
    if not h or "=" in re.sub(r"operator\s*\S+", "", h.split("(")[0]):
        return None
    if re.search(r"\b(namespace|class|struct|union|enum)\b", h.split("(")[0]):
        return None
    # a constructor's member-initializer list: "Foo::Foo(int a) : a_(a), b_(1)"
    ctor = re.match(r"(.*?\))\s*:(?!:)(.*)$", h)
    if ctor and re.fullmatch(r"[\s\w:<>,\.\(\)\*&\[\]\"'+\-]*", ctor.group(2)):
        h = ctor.group(1)
    h = QUALIFIERS.sub("", h)
    if not h.endswith(")"):
        return None
    depth = 0
    for k in range(len(h) - 1, -1, -1):
        if h[k] == ")":
            depth += 1
        elif h[k] == "(":
            depth -= 1
            if depth == 0:
                break
    else:
        return None
    m = re.search(r"(operator\s*[^\s(]+|operator\(\)|~?[A-Za-z_]\w*(?:\s*<[^<>]*>)?)\s*$",
                  h[:k])
    if not m:
        return None
    name = m.group(1)
    if name.split("<")[0].strip() in CONTROL:
        return None
    if h[:m.start()].rstrip().endswith((".", "->")):
        return None  # a call, e.g. "x.f() {" cannot start a body
    qual = re.search(r"((?:\w+(?:<[^<>]*>)?::)*)\s*$", h[:m.start()])
    return (qual.group(1) if qual else "") + name


def scan(path, text):
    """Yields (line, name, length) for every function definition in `text`."""
    src = blank_out(text)
    stack = []  # entries: (kind, name, start_line)
    header_start = 0
    line = 1
    line_at = [0] * (len(src) + 1)
    for idx, ch in enumerate(src):
        line_at[idx] = line
        if ch == "\n":
            line += 1
    line_at[len(src)] = line
    in_fn = 0
    idx = 0
    while idx < len(src):
        ch = src[idx]
        if ch == "{":
            if in_fn:
                stack.append(("inner", None, 0))
                in_fn += 1
                idx += 1
                continue
            header = src[header_start:idx]
            name = function_name(header)
            stripped = header.strip()
            if name:
                first = header_start + (len(header) - len(header.lstrip()))
                stack.append(("fn", name, line_at[first]))
                in_fn = 1
            elif (re.search(r"\b(namespace|class|struct|union)\b", stripped) and
                  "=" not in stripped) or stripped.startswith("extern") or stripped == "":
                stack.append(("scope", None, 0))
            else:
                # data ("= {", "T x{", "enum E {") or a "member{init}" in a constructor's
                # initializer list: skip to the matching brace; it holds no function we count
                depth = 1
                j = idx + 1
                while j < len(src) and depth:
                    if src[j] == "{":
                        depth += 1
                    elif src[j] == "}":
                        depth -= 1
                    j += 1
                if not re.search(r"\)\s*:(?!:)", header):
                    header_start = j  # keep a constructor's declarator for its body brace
                idx = j
                continue
            header_start = idx + 1
        elif ch == "}":
            if stack:
                kind, name, start = stack.pop()
                if kind == "fn":
                    in_fn = 0
                    yield start, name, line_at[idx] - start + 1
                elif kind == "inner":
                    in_fn -= 1
            if not in_fn:
                header_start = idx + 1
        elif ch == ";" and not in_fn:
            header_start = idx + 1
        idx += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*", default=["src"])
    ap.add_argument("--max", type=int, default=120, help="longest allowed body (lines)")
    ap.add_argument("--tests", action="store_true", help="include *_test.cpp and testdata/")
    ap.add_argument("--quiet", action="store_true", help="only the exit status and a count")
    args = ap.parse_args()
    files = []
    for p in args.paths:
        if os.path.isfile(p):
            files.append(p)
            continue
        for root, dirs, names in os.walk(p):
            dirs[:] = sorted(d for d in dirs if args.tests or d != "testdata")
            for nm in sorted(names):
                if not nm.endswith((".cpp", ".hpp", ".cc", ".h")):
                    continue
                if not args.tests and nm.endswith("_test.cpp"):
                    continue
                files.append(os.path.join(root, nm))
    found = []
    for f in files:
        with open(f, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        for line, name, length in scan(f, text):
            if length > args.max:
                found.append((length, f, line, name))
    found.sort(key=lambda r: (-r[0], r[1], r[2]))
    if not args.quiet:
        for length, f, line, name in found:
            print(f"{f}:{line}: {name} ({length} lines)")
    print(f"{len(found)} function(s) over {args.max} lines in {len(files)} file(s)",
          file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
