# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Broken IAM endpoints on 127.0.0.1, for the reliability_faults target.

python fake_endpoints.py PORTS_FILE serves until killed and writes to PORTS_FILE, once
listening, one line per endpoint: NAME PORT, where NAME is
  closed       a port nothing listens on (bound, then released)
  garbage      HTTP 200 with a body that is not XML
  xhtml        HTTP 200 with a well-formed XHTML page (a proxy's or captive portal's)
  html500      HTTP 502 with an HTML page
  hangup       accepts a connection and closes it without answering
"""

from __future__ import annotations

import http.server
import os
import socket
import socketserver
import sys
import threading


def answering(status: int, body: bytes, content_type: str):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # pylint: disable=invalid-name
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # pylint: disable=unused-argument
            pass

    return Handler


class HangUp(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.close()


def serve(server) -> int:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def main() -> int:
    ports_file = sys.argv[1]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    ports = {
        "closed": closed_port,
        "garbage": serve(
            http.server.ThreadingHTTPServer(("127.0.0.1", 0), answering(200, b"this is not XML {", "text/plain"))
        ),
        "xhtml": serve(
            http.server.ThreadingHTTPServer(
                ("127.0.0.1", 0), answering(200, b"<html><body>Please log in to the network</body></html>", "text/html")
            )
        ),
        "html500": serve(
            http.server.ThreadingHTTPServer(
                ("127.0.0.1", 0), answering(502, b"<html><body>Bad gateway</body></html>", "text/html")
            )
        ),
        "hangup": serve(socketserver.ThreadingTCPServer(("127.0.0.1", 0), HangUp)),
    }
    temporary = ports_file + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write("".join(f"{name} {port}\n" for name, port in ports.items()))
    os.replace(temporary, ports_file)
    threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
