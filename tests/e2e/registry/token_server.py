#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A minimal Docker registry token service (distribution docs/spec/auth/token.md, jwt.md) for
berth's Bearer-flow tests. Issues RS256 JWTs that docker-registry 2.8 accepts with
`auth: token: {realm, service, issuer, rootcertbundle}`.

Usage: token_server.py PORT KEY.pem ISSUER USER:PASSWORD [LOGFILE]
Only USER:PASSWORD (HTTP Basic) gets a token; anonymous requests get 401.
The JWT header carries `kid` in libtrust form (base32 of sha256(DER SubjectPublicKeyInfo),
first 240 bits, groups of 4 joined by ':'), which the registry matches against the public
key of the certificate in rootcertbundle.
"""
import base64
import hashlib
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def libtrust_kid(public_key) -> str:
    der = public_key.public_bytes(serialization.Encoding.DER,
                                  serialization.PublicFormat.SubjectPublicKeyInfo)
    s = base64.b32encode(hashlib.sha256(der).digest()[:30]).decode().rstrip("=")
    return ":".join(s[i:i + 4] for i in range(0, len(s), 4))


def main():
    port, key_path, issuer, userpass = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    log = open(sys.argv[5], "a") if len(sys.argv) > 5 else None
    with open(key_path, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    kid = libtrust_kid(key.public_key())
    want_auth = "Basic " + base64.b64encode(userpass.encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):
            if log:
                log.write("%s\n" % (fmt % args))
                log.flush()

        def do_GET(self):
            q = parse_qs(urlparse(self.path).query)
            if self.headers.get("Authorization") != want_auth:
                self.send_response(401)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"details":"bad credentials"}')
                return
            access = []
            for scope in q.get("scope", []):
                parts = scope.split(":")
                if len(parts) == 3 and parts[0] == "repository":
                    access.append({"type": "repository", "name": parts[1],
                                   "actions": parts[2].split(",")})
            now = int(time.time())
            claims = {"iss": issuer, "sub": userpass.split(":")[0],
                      "aud": q.get("service", [""])[0], "exp": now + 300, "nbf": now - 10,
                      "iat": now, "jti": b64url(os.urandom(12)), "access": access}
            header = {"typ": "JWT", "alg": "RS256", "kid": kid}
            signing_input = (b64url(json.dumps(header).encode()) + "." +
                             b64url(json.dumps(claims).encode()))
            sig = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
            token = signing_input + "." + b64url(sig)
            body = json.dumps({"token": token, "access_token": token, "expires_in": 300}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
