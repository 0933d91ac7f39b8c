#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A static HTTP server on 127.0.0.1 for `berth db update` tests: a real HTTP server (Python's
http.server) with two fault switches. Prints the port it bound on the first line of stdout.

  mirror_server.py DIR [--throttle BYTES_PER_SEC] [--once-429 PATH] [--log FILE]
"""
import argparse
import http.server
import os
import sys
import threading
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--throttle", type=int, default=0, help="send bodies at this many bytes/s")
    ap.add_argument("--once-429", default="", help="answer 429 (Retry-After: 1) to the first GET of this path")
    ap.add_argument("--log", default="", help="append one line per request to this file")
    args = ap.parse_args()
    state = {"429_sent": False}
    lock = threading.Lock()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=args.root, **kw)

        def log_message(self, fmt, *a):
            pass

        def log_request(self, code="-", size="-"):
            if args.log:
                with lock, open(args.log, "a") as f:
                    f.write("%s %s %s\n" % (self.command, self.path, getattr(code, "value", code)))

        def do_GET(self):
            if args.once_429 and self.path == args.once_429:
                with lock:
                    first = not state["429_sent"]
                    state["429_sent"] = True
                if first:
                    self.send_response(429)
                    self.send_header("Retry-After", "1")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            if not args.throttle:
                return super().do_GET()
            f = self.send_head()
            if f is None:
                return
            try:
                while True:
                    chunk = f.read(max(1, args.throttle // 10))
                    if not chunk:
                        break
                    self.wfile.write(chunk)
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                f.close()

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
