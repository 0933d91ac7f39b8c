#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Scores CVSS vectors with an independent implementation, the {metæffekt} CVSS calculator
# (npm ae-cvss-calculator 1.0.13, Apache-2.0, implements CVSS 2.0/3.0/3.1/4.0 from the FIRST
# specifications), as an oracle for src/vuln/cvss_test.cpp.
#
# Usage: tests/cvss/oracle.sh < VECTORS > SCORES
#   VECTORS  one vector per line ("CVSS:3.1/…", "CVSS:4.0/…", or a bare v2 vector)
#   SCORES   one line per vector: "VECTOR<TAB>SCORE" (base score for v2/v3; for v4 the score of
#            the metrics given, i.e. CVSS-B/BT/BE/BTE), or "VECTOR<TAB>error: …"
#
# Exit status: 0 done; 77 oracle unavailable (node/npm missing or the install failed, e.g.
# offline). The package is installed with npm on first use into $BERTH_NPM_DIR (default
# <repo>/build/npm-cvss, outside version control); later runs need no network.
set -u

repo_dir=$(cd "$(dirname "$0")/../.." && pwd)
npm_dir=${BERTH_NPM_DIR:-$repo_dir/build/npm-cvss}
stamp=$npm_dir/.installed-ae-cvss-calculator-1.0.13

if ! command -v node >/dev/null 2>&1; then
    echo "oracle.sh: node not found (Debian: apt-get install nodejs npm)" >&2
    exit 77
fi
if [ ! -f "$stamp" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "oracle.sh: npm not found" >&2
        exit 77
    fi
    mkdir -p "$npm_dir" || exit 77
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$npm_dir/.install.lock"
        flock 9
    fi
    if [ ! -f "$stamp" ]; then
        if ! npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error \
                --cache "$npm_dir/.npm-cache" ae-cvss-calculator@1.0.13 >&2; then
            echo "oracle.sh: could not install ae-cvss-calculator into $npm_dir (offline?)" >&2
            exit 77
        fi
        touch "$stamp"
    fi
    exec 9>&-
fi

NODE_PATH="$npm_dir/node_modules" exec node -e '
const c = require("ae-cvss-calculator");
const lines = require("fs").readFileSync(0, "utf8").split("\n").filter((l) => l.length > 0);
const out = [];
for (const v of lines) {
    try {
        let score;
        if (v.startsWith("CVSS:4.0/")) score = new c.Cvss4P0(v).calculateScores().overall;
        else if (v.startsWith("CVSS:3.1/")) score = new c.Cvss3P1(v).calculateScores().base;
        else if (v.startsWith("CVSS:3.0/")) score = new c.Cvss3P0(v).calculateScores().base;
        else score = new c.Cvss2(v).calculateScores().base;
        out.push(v + "\t" + Number(score).toFixed(1));
    } catch (e) {
        out.push(v + "\terror: " + e.message);
    }
}
process.stdout.write(out.join("\n") + "\n");
'
