#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A notification sink for `berth serve` tests: accepts POSTs on any path and appends each body as
one line to LOG (bodies are one-line JSON). Prints the bound port on the first line of stdout.

  receiver.py LOG
"""
import http.server
import sys
import threading


def main():
    log = sys.argv[1]
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            n = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(n).decode("utf-8", "replace")
            with lock, open(log, "a", encoding="utf-8") as f:
                f.write(body.replace("\n", " ") + "\n")
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
