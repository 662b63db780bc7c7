"""A webhook service on 127.0.0.1 for the tests of `post` and of the weekly workflow's post step:
http.server in a thread, scripted answer by answer, keeping what it was sent."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = "/services/T0LOTI/B0WEEK/s3cr3t-t0k3n"
HANG = "hang"  # an answer that never comes (until the test is over)


class Service:
    """A webhook service on 127.0.0.1 for one test: it answers each POST with the next scripted answer,
    (status, headers, body) or HANG, and keeps what it was sent."""

    def __init__(self, *answers):
        self.answers, self.requests, self.released = list(answers), [], threading.Event()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                service.requests.append((self.path, dict(self.headers), json.loads(body)))
                answer = service.answers.pop(0)
                if answer == HANG:  # the client's time-out passes before this answers: released at the end
                    service.released.wait(timeout=60)
                    return
                status, headers, text = answer
                self.send_response(status)
                for name, value in {"Content-Type": "text/plain", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(text.encode())))
                self.end_headers()
                self.wfile.write(text.encode())

            def log_message(self, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}{SECRET}"

    def close(self):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
