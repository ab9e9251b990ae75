#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""An FTP (or explicit FTPS) server on 127.0.0.1 for the package tests,
built on pyftpdlib: one user with a password, read-only on --root.

It binds port 0 and prints "PORT <n>" on stdout once it listens. It exits
when its stdin reaches EOF, so it never outlives the test that started it.
"""
import argparse
import logging
import os
import sys
import threading

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer


def exit_on_eof():
    sys.stdin.buffer.read()
    os._exit(0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    args = parser.parse_args()

    logging.basicConfig(level=logging.ERROR)
    authorizer = DummyAuthorizer()
    authorizer.add_user(args.user, args.password, os.path.abspath(args.root), perm="elr")
    if args.tls:
        from pyftpdlib.handlers import TLS_DTPHandler, TLS_FTPHandler

        class DataHandler(TLS_DTPHandler):
            # pyftpdlib 1.5.7 drops a data connection whose client starts
            # the TLS handshake before the transfer command, as curl has
            # done since 7.87 (pyftpdlib issue #604, fixed in 1.5.8):
            # stay readable while the handshake is under way.
            def readable(self):
                return self._ssl_accepting or super().readable()

        handler = TLS_FTPHandler
        handler.dtp_handler = DataHandler
        handler.certfile = args.tls[0]
        handler.keyfile = args.tls[1]
        handler.tls_control_required = True
        handler.tls_data_required = True
    else:
        handler = FTPHandler
    handler.authorizer = authorizer
    handler.auth_failed_timeout = 0.1  # answer a wrong password quickly
    server = FTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=exit_on_eof, daemon=True).start()
    print("PORT %d" % server.socket.getsockname()[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
