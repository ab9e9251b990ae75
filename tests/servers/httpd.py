#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A small HTTP(S) server on 127.0.0.1 for the package tests.

Serves the files of --root, plus paths that produce the awkward answers
a download must survive:

  /status/<code>            an HTTP error <code>
  /slow/<bytes>?chunk=&delay_ms=   <bytes> (Content-Length set), sent in
                            pieces of <chunk> bytes every <delay_ms>
  /stall?bytes=<n>          the headers and <n> bytes (default 0) of a
                            1 MB body, then silence
  /nolength/<file>          <file> without a Content-Length
  /nohead/<file>            <file>, but HEAD is refused with 405
  /auth/<file>              <file> behind Basic auth (--user/--password)

It binds port 0 and prints "PORT <n>" on stdout once it listens. It exits
when its stdin reaches EOF, so it never outlives the test that started it.
"""
import argparse
import base64
import http.server
import os
import ssl
import sys
import threading
import time
import urllib.parse


def pattern(offset, length):
    return bytes((offset + i) * 7 % 251 for i in range(length))


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt, *args):
        pass

    def setup(self):
        # The TLS handshake runs here, in the request's thread, so that a
        # client that rejects our certificate cannot block the listener.
        if isinstance(self.request, ssl.SSLSocket):
            self.request.do_handshake()
        super().setup()

    def send_body_headers(self, length):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def special(self, head):
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.split("/", 2)
        query = urllib.parse.parse_qs(url.query)
        kind = parts[1] if len(parts) > 1 else ""
        rest = parts[2] if len(parts) > 2 else ""
        if kind == "status":
            self.send_error(int(rest))
        elif kind == "slow":
            self.slow(int(rest), int(query.get("chunk", ["4096"])[0]),
                      int(query.get("delay_ms", ["50"])[0]), head)
        elif kind == "stall":
            self.send_body_headers(1000000)
            if not head:
                self.wfile.write(pattern(0, int(query.get("bytes", ["0"])[0])))
                self.wfile.flush()
                time.sleep(60)
        elif kind == "nolength":
            self.serve_file(rest, head, with_length=False)
        elif kind == "nohead":
            if head:
                self.send_error(405)
            else:
                self.serve_file(rest, head)
        elif kind == "auth":
            if not self.authorised():
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="fotadesk"')
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self.serve_file(rest, head)
        else:
            return False
        return True

    def authorised(self):
        want = "%s:%s" % (self.server.user, self.server.password)
        got = self.headers.get("Authorization", "")
        return got == "Basic " + base64.b64encode(want.encode()).decode()

    def serve_file(self, name, head, with_length=True):
        path = os.path.join(self.server.root, os.path.basename(name))
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            self.send_error(404)
            return
        self.send_body_headers(len(data) if with_length else None)
        if not head:
            self.wfile.write(data)

    def slow(self, size, chunk, delay_ms, head):
        self.send_body_headers(size)
        if head:
            return
        sent = 0
        while sent < size:
            n = min(chunk, size - sent)
            self.wfile.write(pattern(sent, n))
            self.wfile.flush()
            sent += n
            time.sleep(delay_ms / 1000.0)

    def do_GET(self):
        try:
            if not self.special(head=False):
                super().do_GET()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass

    def do_HEAD(self):
        try:
            if not self.special(head=True):
                super().do_HEAD()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that hang up or refuse our certificate are expected


def exit_on_eof():
    sys.stdin.buffer.read()
    os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--user", default="fota")
    parser.add_argument("--password", default="")
    args = parser.parse_args()

    root = os.path.abspath(args.root)

    class RootHandler(Handler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=root, **kw)

    server = Server(("127.0.0.1", 0), RootHandler)
    server.root = root
    server.user = args.user
    server.password = args.password
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls[0], args.tls[1])
        server.socket = context.wrap_socket(server.socket, server_side=True,
                                            do_handshake_on_connect=False)
    threading.Thread(target=exit_on_eof, daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
