#!/usr/bin/env python3
# loopback-server.py — real HTTP, HTTPS, FTP and FTPS servers on 127.0.0.1
# for the simulator's tests: the simulated modules download from them with
# libcurl, exactly as from a server on the internet.
#
# Prints "PORT <n>" once listening (on a free port chosen by the kernel),
# then serves until its stdin closes, so it never outlives the test.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import argparse
import functools
import http.server
import os
import re
import ssl
import sys
import threading


def exit_when_stdin_closes():
    def watch():
        sys.stdin.read()
        os._exit(0)
    threading.Thread(target=watch, daemon=True).start()


class Handler(http.server.SimpleHTTPRequestHandler):
    """Files from a directory, plus what the tests need from a server:
    Range requests (only with --range, python's own server ignores them),
    a connection cut after N body bytes (--cut-once N), a request log."""

    cut_once = None
    ranges = False
    log_path = None
    lock = threading.Lock()

    def log_message(self, fmt, *args):
        pass

    def record(self):
        if Handler.log_path:
            with Handler.lock, open(Handler.log_path, "a") as log:
                log.write("%s %s\n" % (self.command, self.path))

    def do_GET(self):
        self.record()
        path = self.translate_path(self.path)
        if not os.path.isfile(path):
            self.send_error(404)
            return
        with open(path, "rb") as f:
            data = f.read()
        start = 0
        m = re.match(r"bytes=(\d+)-$", self.headers.get("Range", ""))
        if Handler.ranges and m and int(m.group(1)) < len(data):
            start = int(m.group(1))
            self.send_response(206)
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()
        with Handler.lock:
            cut, Handler.cut_once = Handler.cut_once, None
        if cut is not None and cut < len(body):
            self.wfile.write(body[:cut])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.wfile.write(body)


def serve_http(args, tls):
    Handler.cut_once = args.cut_once
    Handler.ranges = args.range
    Handler.log_path = args.log
    handler = functools.partial(Handler, directory=args.root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


def serve_ftp(args, tls):
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.servers import FTPServer
    if tls:
        from OpenSSL import SSL
        from pyftpdlib.handlers import SSLConnection
        from pyftpdlib.handlers import TLS_FTPHandler as FtpHandler
        # pyftpdlib 1.5.7 drops a data connection whose TLS handshake
        # starts before the transfer command, as curl's does (fixed
        # upstream in pyftpdlib PR #612): keep it readable while accepting.
        readable = SSLConnection.readable
        SSLConnection.readable = lambda self: self._ssl_accepting or readable(self)
        # Clients resume the control channel's TLS session on the data
        # channel (vsftpd even requires it): that needs a session id
        # context, which pyftpdlib's own context lacks.
        ctx = SSL.Context(SSL.TLSv1_2_METHOD)
        ctx.use_certificate_chain_file(args.cert)
        ctx.use_privatekey_file(args.key)
        ctx.set_session_id(b"fotadesk-test")
        FtpHandler.ssl_context = ctx
    else:
        from pyftpdlib.handlers import FTPHandler as FtpHandler
    auth = DummyAuthorizer()
    # --no-read: files can be listed and sized, but not fetched.
    auth.add_user(args.user, args.password, args.root, perm="el" if args.no_read else "elr")
    FtpHandler.authorizer = auth
    FtpHandler.passive_ports = None
    server = FTPServer(("127.0.0.1", 0), FtpHandler)
    print("PORT %d" % server.address[1], flush=True)
    import logging
    logging.getLogger("pyftpdlib").setLevel(logging.WARNING)
    server.serve_forever(handle_exit=False)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["http", "https", "ftp", "ftps"])
    p.add_argument("root")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--user", default="fota")
    p.add_argument("--password", default="fota")
    p.add_argument("--cut-once", type=int)
    p.add_argument("--range", action="store_true")
    p.add_argument("--no-read", action="store_true")
    p.add_argument("--log")
    args = p.parse_args()
    exit_when_stdin_closes()
    if args.kind.startswith("http"):
        serve_http(args, args.kind == "https")
    else:
        serve_ftp(args, args.kind == "ftps")


if __name__ == "__main__":
    main()
