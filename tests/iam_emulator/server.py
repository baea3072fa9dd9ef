# -*- coding: utf-8 -*-

# Copyright: Contributors to the mfaops.aws project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""EmulatorServer: moto's server application, patched by install(), on a loopback port.

It serves in a background thread, each request in a thread of its own, so the
starting thread stays free: a test's body, or __main__ waiting for a signal.
"""

from __future__ import annotations

import http.client
import ipaddress
import threading
import time
from types import TracebackType

from moto.moto_server.werkzeug_app import DomainDispatcherApplication
from moto.moto_server.werkzeug_app import MotoRequestHandler
from moto.moto_server.werkzeug_app import create_backend_app
from werkzeug.serving import BaseWSGIServer
from werkzeug.serving import make_server

from .control_endpoints import PREFIX
from .control_endpoints import ControlEndpoints
from .patching import install

DEFAULT_HOST = "127.0.0.1"
READY_TIMEOUT_SECONDS = 10.0
# How often the serving loop looks for a stop request: the most stop() waits for it.
POLL_INTERVAL_SECONDS = 0.1


def loopback_host(host: str) -> str:
    """The host as an address to bind; ValueError unless it is a loopback address (the emulator takes no traffic from elsewhere)."""
    if host == "localhost":
        return DEFAULT_HOST  # not resolved: a hosts file could point it elsewhere
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        raise ValueError(f"host must be a loopback IP address such as 127.0.0.1 or ::1, not {host!r}") from None
    if not address.is_loopback:
        raise ValueError(f"host must be a loopback address such as 127.0.0.1 or ::1; {host} is not one")
    return str(address)


class QuietRequestHandler(MotoRequestHandler):
    """moto's request handler without the access log line per request (errors are still logged)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class EmulatorServer:
    """The IAM emulator served on host:port (port 0: a free one), e.g. `with EmulatorServer() as server: server.url`.

    Leaving the with block stops the server, whether the block ended normally or raised.
    """

    def __init__(self, host: str = DEFAULT_HOST, port: int = 0, log_requests: bool = False) -> None:
        self.host = loopback_host(host)
        self.requested_port = port
        self.log_requests = log_requests
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the emulator server is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The base URL for boto3's endpoint_url, e.g. http://127.0.0.1:40123."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> EmulatorServer:
        """Bind, serve in a background thread, and return once the server answers HTTP requests."""
        if self._server is not None:
            raise RuntimeError("the emulator server is already started")
        install()
        application = ControlEndpoints(DomainDispatcherApplication(create_backend_app))
        handler = MotoRequestHandler if self.log_requests else QuietRequestHandler
        self._server = make_server(self.host, self.requested_port, application, threaded=True, request_handler=handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": POLL_INTERVAL_SECONDS},
            name=f"iam-emulator-{self.port}",
            daemon=True,
        )
        self._thread.start()
        try:
            self._wait_until_answering()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while True:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=1)
            try:
                connection.request("GET", f"{PREFIX}/health")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass  # not accepting yet
            finally:
                connection.close()
            if time.monotonic() >= deadline:
                raise RuntimeError(
                    f"the emulator server at {self.url} did not answer within {READY_TIMEOUT_SECONDS:g}s"
                )
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop serving and release the port; does nothing when not started. Safe to call more than once."""
        server, self._server = self._server, None
        if server is None:
            return
        if self._thread is not None and self._thread.is_alive():
            server.shutdown()  # returns once serve_forever has
            self._thread.join()
        server.server_close()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()
