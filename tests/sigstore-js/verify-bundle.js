#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// Verifies a key-signed sigstore bundle with sigstore-js (@sigstore/verify), the verifier npm
// itself uses — an implementation independent of berth.
//
//   node verify-bundle.js BUNDLE.json PUBLIC.pem [ARTIFACT]
//
// The trust material is an empty trusted root plus the one public key, found by the bundle's
// hint; the bundle carries no transparency-log entry or timestamp, so the thresholds are 0
// (what `cosign verify-blob --insecure-ignore-tlog` does). ARTIFACT is required for a
// messageSignature bundle and ignored for a DSSE one. Prints "OK <hint>" and exits 0 when the
// signature verifies; prints the verifier's error and exits 1 otherwise; exits 2 on bad usage or
// when the packages are not installed (tests/sigstore-js/setup.sh installs them).
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.env.BERTH_NPM_SIGSTORE || path.join(__dirname, '..', '..', 'build', 'npm-sigstore');
function load(name) {
    try {
        return require(require.resolve(name, { paths: [dir] }));
    } catch (e) {
        console.error(`verify-bundle: ${name} is not installed in ${dir} (run tests/sigstore-js/setup.sh)`);
        process.exit(2);
    }
}
const { bundleFromJSON } = load('@sigstore/bundle');
const { Verifier, toSignedEntity, toTrustMaterial } = load('@sigstore/verify');

const [bundlePath, keyPath, artifactPath] = process.argv.slice(2);
if (!bundlePath || !keyPath) {
    console.error('usage: verify-bundle.js BUNDLE.json PUBLIC.pem [ARTIFACT]');
    process.exit(2);
}
try {
    const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundlePath, 'utf8')));
    const material = bundle.verificationMaterial.content;
    if (material.$case !== 'publicKey') throw new Error(`not a key-signed bundle (${material.$case})`);
    const hint = material.publicKey.hint;
    const keys = { [hint]: { rawBytes: fs.readFileSync(keyPath, 'utf8') } };
    const root = { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [] };
    const verifier = new Verifier(toTrustMaterial(root, keys), {
        tlogThreshold: 0,
        ctlogThreshold: 0,
        timestampThreshold: 0,
    });
    const artifact = artifactPath ? fs.readFileSync(artifactPath) : undefined;
    verifier.verify(toSignedEntity(bundle, artifact));
    console.log(`OK ${hint}`);
} catch (e) {
    console.error(`verify-bundle: ${e.code ? e.code + ': ' : ''}${e.message}`);
    process.exit(1);
}
