#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A fault-injecting HTTP proxy in front of a test registry (berth registry tests).

Usage: proxy.py LISTEN_PORT UPSTREAM_PORT MODE [ARG]
  MODE 429-once        the first manifest GET is answered 429 with Retry-After: ARG seconds;
                       everything else is forwarded.
  MODE cut-blob PID    the first blob GET larger than 1 MiB is forwarded up to half its body;
                       then the registry (PID) is killed and the connection closed.
  MODE fail-path SUBSTRING:ANSWER
                       every GET or HEAD whose path contains SUBSTRING is answered ANSWER: an
                       HTTP status (500, 429, 401: with a distribution-spec error body) or
                       "garbage" (200, an OCI index content type and a body that is not JSON);
                       everything else is forwarded (berth verify's fail-closed tests).
Every request is logged to stderr as "METHOD PATH STATUS".
"""
import http.client
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

listen, upstream, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
arg = sys.argv[4] if len(sys.argv) > 4 else ""
state = {"429_sent": False, "cut": False}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s\n" % (fmt % args))

    def do_HEAD(self):
        if self.fail_path():
            return
        self.forward()

    def fail_path(self):
        if mode != "fail-path":
            return False
        substring, answer = arg.rsplit(":", 1)
        if substring not in self.path:
            return False
        if answer == "garbage":
            status, ctype, body = 200, "application/vnd.oci.image.index.v1+json", b"{not json"
        else:
            status, ctype = int(answer), "application/json"
            body = b'{"errors":[{"code":"UNKNOWN","message":"injected by proxy.py"}]}'
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return True

    def do_GET(self):
        if self.fail_path():
            return
        if mode == "429-once" and "/manifests/" in self.path and not state["429_sent"]:
            state["429_sent"] = True
            self.send_response(429)
            self.send_header("Retry-After", arg or "1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.forward()

    def forward(self):
        conn = http.client.HTTPConnection("127.0.0.1", upstream)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
        conn.request(self.command, self.path, headers=headers)
        resp = conn.getresponse()
        length = int(resp.getheader("Content-Length") or 0)
        cut = (mode == "cut-blob" and "/blobs/" in self.path and resp.status == 200
               and length > (1 << 20) and not state["cut"])
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in ("connection", "transfer-encoding"):
                self.send_header(k, v)
        self.end_headers()
        if self.command == "HEAD":
            return
        sent = 0
        while True:
            chunk = resp.read(65536)
            if not chunk:
                break
            if cut and sent + len(chunk) > length // 2:
                state["cut"] = True
                os.kill(int(arg), signal.SIGKILL)
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(2)
                return
            self.wfile.write(chunk)
            sent += len(chunk)


ThreadingHTTPServer(("127.0.0.1", listen), Handler).serve_forever()
