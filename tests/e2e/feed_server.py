#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A stand-in for the upstream advisory feeds in `berth db update` tests: Python's http.server
serving ROOT under the upstream URL paths (`/<Ecosystem>/all.zip`, `/v3.xx/main.json`,
`/tracker/data/json`; make_feed_tree.py builds such a tree) with what berth relies on:

  * ETag (a strong hash of the content) and Last-Modified on every 200/206;
  * If-None-Match, then If-Modified-Since (RFC 9110 §13.2.2 order) answered 304 without a body;
  * Range: bytes=N- with If-Range (ETag or date) answered 206 + Content-Range.

Faults come from FAULTS (a JSON file re-read on every request: {"/PyPI/all.zip": MODE}):
  500, 429          always that status
  429-once          429 (Retry-After: 1) to the first request of the path, then normal
  truncate          full Content-Length, half of the body, connection closed
  truncate-nolength no Content-Length, half of the body, connection closed (a clean EOF)
  hang              full Content-Length, half of the body, then silence for 10 minutes
  no-range          Range and If-Range ignored (always the whole body)

Prints the bound port on the first line of stdout; --log FILE gets one line per request:
`GET /path STATUS BYTES_SENT` (BYTES_SENT counts body bytes only).

  feed_server.py ROOT [--faults FILE] [--log FILE]
"""
import argparse
import email.utils
import hashlib
import http.server
import json
import os
import sys
import threading
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--faults", default="")
    ap.add_argument("--log", default="")
    args = ap.parse_args()
    args.root = os.path.abspath(args.root)
    lock = threading.Lock()
    seen = set()

    def faults():
        if not args.faults or not os.path.exists(args.faults):
            return {}
        try:
            with open(args.faults) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):
            pass

        def log_line(self, status, sent):
            if args.log:
                with lock, open(args.log, "a") as f:
                    f.write("%s %s %d %d\n" % (self.command, self.path, status, sent))

        def reply(self, status, headers=(), body=b""):
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.log_line(status, len(body))

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            local = os.path.normpath(os.path.join(args.root, path.lstrip("/").replace("%20", " ")))
            if not local.startswith(args.root + os.sep) or not os.path.isfile(local):
                return self.reply(404, body=b"not found\n")
            mode = faults().get(path, "")
            if mode == "500":
                return self.reply(500, body=b"internal error\n")
            if mode == "429" or (mode == "429-once" and path not in seen):
                with lock:
                    seen.add(path)
                return self.reply(429, [("Retry-After", "1")], b"slow down\n")
            with open(local, "rb") as f:
                data = f.read()
            etag = '"%s"' % hashlib.sha256(data).hexdigest()[:32]
            mtime = int(os.stat(local).st_mtime)
            last_modified = email.utils.formatdate(mtime, usegmt=True)
            validators = [("ETag", etag), ("Last-Modified", last_modified)]
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            if inm is not None:
                if etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*":
                    return self.reply(304, validators)
            elif ims is not None:
                try:
                    since = email.utils.parsedate_to_datetime(ims).timestamp()
                    if mtime <= since:
                        return self.reply(304, validators)
                except (TypeError, ValueError):
                    pass
            start = 0
            rng = self.headers.get("Range")
            if rng and mode != "no-range" and rng.startswith("bytes=") and rng.endswith("-"):
                if_range = self.headers.get("If-Range")
                if if_range is None or if_range in (etag, last_modified):
                    try:
                        start = int(rng[6:-1])
                    except ValueError:
                        start = 0
                    if start >= len(data) and len(data) > 0:
                        return self.reply(416, [("Content-Range", "bytes */%d" % len(data))])
            body = data[start:]
            self.send_response(206 if start > 0 else 200)
            for k, v in validators:
                self.send_header(k, v)
            if start > 0:
                self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
            if mode != "truncate-nolength":
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Connection", "close")
            self.end_headers()
            if mode in ("truncate", "truncate-nolength", "hang"):
                half = body[: len(body) // 2]
                self.wfile.write(half)
                self.wfile.flush()
                self.log_line(206 if start > 0 else 200, len(half))
                if mode == "hang":
                    time.sleep(600)
                self.close_connection = True
                return
            self.wfile.write(body)
            self.log_line(206 if start > 0 else 200, len(body))

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    print(srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
