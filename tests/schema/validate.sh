#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Validates SBOM and SARIF documents against the official JSON Schemas with ajv-cli.
#
# Usage: tests/schema/validate.sh SCHEMA_DIR FILE...
#   SCHEMA_DIR  the staged schemas (../shared/data/schemas): cyclonedx/bom-1.6.schema.json with
#               its two referenced files, spdx/spdx-schema-2.3.json
#   FILE        a *.json document (ajv-cli picks its parser from the extension): CycloneDX 1.6
#               when it has a "bomFormat" key, SPDX 2.3 when it has "spdxVersion" or "SPDXID",
#               SARIF 2.1.0 when it has a "runs" key (schema sarif/sarif-schema-2.1.0.json, a
#               draft-04 schema, migrated to draft-07 by ajv-cli into a temporary file first)
#
# Exit status: 0 every file valid; 1 some file invalid; 2 usage error or unreadable input;
#              77 validator unavailable (node/npm missing or ajv-cli could not be installed).
#
# ajv-cli 5.0.0 + ajv-formats 3.0.1 are installed with npm on first use into $BERTH_AJV_DIR
# (default: <repo>/build/npm, outside version control); later runs need no network.
set -u

usage() {
    echo "usage: $0 SCHEMA_DIR FILE..." >&2
    exit 2
}
[ $# -ge 2 ] || usage

schema_dir=$1
shift
cdx_schema=$schema_dir/cyclonedx/bom-1.6.schema.json
cdx_refs=("$schema_dir/cyclonedx/spdx.schema.json" "$schema_dir/cyclonedx/jsf-0.82.schema.json")
spdx_schema=$schema_dir/spdx/spdx-schema-2.3.json
sarif_schema=$schema_dir/sarif/sarif-schema-2.1.0.json
for f in "$cdx_schema" "${cdx_refs[@]}" "$spdx_schema"; do
    if [ ! -r "$f" ]; then
        echo "validate.sh: schema missing: $f" >&2
        exit 2
    fi
done

repo_dir=$(cd "$(dirname "$0")/../.." && pwd)
ajv_dir=${BERTH_AJV_DIR:-$repo_dir/build/npm}
ajv=$ajv_dir/node_modules/.bin/ajv
# Written after a complete install, so a half-finished one (another test installing right now,
# an interrupted npm) is never used.
stamp=$ajv_dir/.installed-ajv-cli-5.0.0-ajv-formats-3.0.1

if ! command -v node >/dev/null 2>&1; then
    echo "validate.sh: node not found (Debian: apt-get install nodejs npm)" >&2
    exit 77
fi
if [ ! -f "$stamp" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "validate.sh: npm not found (Debian: apt-get install npm)" >&2
        exit 77
    fi
    mkdir -p "$ajv_dir" || exit 77
    # Tests may run in parallel: one installer at a time; the others wait and reuse its work.
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$ajv_dir/.install.lock"
        flock 9
    fi
    if [ ! -f "$stamp" ]; then
        if ! npm install --prefix "$ajv_dir" --no-audit --no-fund --loglevel=error \
                --cache "$ajv_dir/.npm-cache" ajv-cli@5.0.0 ajv-formats@3.0.1 >&2 ||
            [ ! -x "$ajv" ]; then
            echo "validate.sh: could not install ajv-cli into $ajv_dir (offline?)" >&2
            exit 77
        fi
        touch "$stamp"
    fi
    exec 9>&-
fi

# Sort the files by schema, then run ajv once per schema (node starts in ~0.5 s).
status=0
cdx_files=()
spdx_files=()
sarif_files=()
for file in "$@"; do
    case $file in
        *.json) ;;
        *) echo "validate.sh: $file: name must end in .json (ajv-cli chooses its parser by extension)" >&2
           status=2; continue ;;
    esac
    if [ ! -r "$file" ]; then
        echo "validate.sh: $file: cannot read" >&2
        status=2
    elif grep -q '"bomFormat"' "$file"; then
        cdx_files+=(-d "$file")
    elif grep -qE '"(spdxVersion|SPDXID)"' "$file"; then
        spdx_files+=(-d "$file")
    elif grep -q '"runs"' "$file"; then
        sarif_files+=(-d "$file")
    else
        echo "validate.sh: $file: neither CycloneDX (bomFormat), SPDX (spdxVersion) nor SARIF (runs)" >&2
        status=2
    fi
done

# run_ajv ARGS...: ajv validate; folds its exit status into $status (1 invalid, 2 broken input).
run_ajv() {
    local err rc
    err=$(mktemp)
    "$ajv" validate "$@" -c ajv-formats --all-errors --errors=text 2>"$err"
    rc=$?
    # Drop the ~60 "unknown format … ignored" warnings the CycloneDX schema causes.
    grep -v '^unknown format ".*" ignored in schema' "$err" >&2
    rm -f "$err"
    if [ "$rc" -eq 1 ]; then
        [ "$status" -eq 0 ] && status=1
    elif [ "$rc" -ne 0 ]; then
        status=2
    fi
}

if [ ${#cdx_files[@]} -gt 0 ]; then
    # --strict=false: the schema uses the keyword meta:enum and the formats iri-reference and
    # idn-email, which strict mode rejects (those two formats then go unchecked).
    run_ajv --spec=draft7 --strict=false -s "$cdx_schema" -r "${cdx_refs[0]}" -r "${cdx_refs[1]}" \
        "${cdx_files[@]}"
fi
if [ ${#spdx_files[@]} -gt 0 ]; then
    run_ajv --spec=draft7 -s "$spdx_schema" "${spdx_files[@]}"
fi
if [ ${#sarif_files[@]} -gt 0 ]; then
    # The SARIF schema is draft-04, which ajv 8 cannot load: migrate it to draft-07 first (this
    # only renames id → $id and turns two one-item enums into const; see the schemas README).
    # Always to a temporary file: without -o, `ajv migrate` rewrites its input.
    if [ ! -r "$sarif_schema" ]; then
        echo "validate.sh: schema missing: $sarif_schema" >&2
        exit 2
    fi
    migrated_dir=$(mktemp -d)
    migrated=$migrated_dir/sarif-schema-2.1.0.draft7.json
    if "$ajv" migrate --spec=draft7 -s "$sarif_schema" -o "$migrated" >/dev/null 2>&1; then
        run_ajv --spec=draft7 -s "$migrated" "${sarif_files[@]}"
    else
        echo "validate.sh: could not migrate $sarif_schema to draft-07" >&2
        status=2
    fi
    rm -rf "$migrated_dir"
fi
exit "$status"
