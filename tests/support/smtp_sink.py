#!/usr/bin/python3
"""An SMTP server for the mail tests: accepts every message and writes it to a directory.

Modes: plain (no TLS), starttls (STARTTLS offered; --require-tls makes it mandatory), tls
(implicit TLS from the first byte). With --user/--password, AUTH is required (and, unless the
mode is plain, only after TLS). Each message becomes <n>.eml (the DATA as received) and <n>.meta
(key=value lines: mail_from, rcpt_to, login, tls), each written to a temporary name and renamed,
.meta last, so a reader that sees the .meta sees both whole. Prints "listening on <port>" once
it accepts connections; --port 0 picks a free one.
"""
import argparse
import asyncio
import os
import signal
import ssl

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def write_atomically(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


class Handler:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, "%06d" % self.count)
        tls = server.transport.get_extra_info("ssl_object") is not None
        login = ""
        if session.authenticated and isinstance(session.auth_data, LoginPassword):
            login = session.auth_data.login.decode()
        meta = "mail_from=%s\nrcpt_to=%s\nlogin=%s\ntls=%d\n" % (
            envelope.mail_from, ",".join(envelope.rcpt_tos), login, 1 if tls else 0)
        write_atomically(base + ".eml", envelope.original_content)
        write_atomically(base + ".meta", meta.encode())
        return "250 OK"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--mode", choices=["plain", "starttls", "tls"], default="plain")
    p.add_argument("--require-tls", action="store_true")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--user")
    p.add_argument("--password")
    args = p.parse_args()

    context = None
    if args.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == args.user
              and auth_data.password.decode() == args.password)
        # handled=False: aiosmtpd then answers 535 itself.
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    handler = Handler(args.dir)
    auth = args.user is not None

    def factory():
        return SMTP(
            handler,
            hostname="sink.test",
            tls_context=context if args.mode == "starttls" else None,
            require_starttls=args.mode == "starttls" and args.require_tls,
            authenticator=authenticator if auth else None,
            auth_required=auth,
            # In tls mode the whole connection is TLS, which aiosmtpd does not track.
            auth_require_tls=auth and args.mode == "starttls",
        )

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        factory, host="127.0.0.1", port=args.port,
        ssl=context if args.mode == "tls" else None, reuse_address=True))
    port = server.sockets[0].getsockname()[1]
    print("listening on %d" % port, flush=True)
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    loop.run_forever()
    server.close()


if __name__ == "__main__":
    main()
