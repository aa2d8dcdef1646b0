#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The Python binding (userspace/python/minimalt.py) against the module.

Runs in the VM as root (run.sh python), printing TAP as the C suites do.
Two network namespaces joined by a veth pair:

    client  10.9.0.1 fd00::1  --veth--  server  10.9.0.2 fd00::2

The server namespace has an identity and an ephemeral key; the client's
directory names it srv.test. This one process makes its sockets in either
namespace (setns(2) of the calling thread; a socket stays in the namespace
it was made in), so that one thread or one asyncio loop drives both ends.
The name resolver some tests need is played here too: a generic netlink
socket in the "resolve" group that never answers (answers, when a test
wants one, are directory entries added with mltctl).
"""
from __future__ import annotations

import asyncio
import contextlib
import ctypes
import errno
import os
import selectors
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
import traceback
from typing import Callable, Iterator, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
# MLT_PY_BINDING: the directory of another minimalt.py to test (a broken
# one, to see the tests fail).
for d in (os.environ.get("MLT_PY_BINDING", ""),
          os.path.join(HERE, "..", "python"),
          os.path.join(HERE, "..", "userspace", "python")):
    if os.path.exists(os.path.join(d, "minimalt.py")):
        sys.path.insert(0, d)
        break
import minimalt  # noqa: E402

MLTCTL = os.environ.get("MLTCTL") or shutil.which("mltctl") or \
    os.path.join(HERE, "..", "bin", "mltctl")
SRV4, SRV6, CLI4, CLI6 = "10.9.0.2", "fd00::2", "10.9.0.1", "fd00::1"
PORT = minimalt.MLT_UDP_PORT_DEFAULT
ECHO = 7            # the echo server's service, for the whole run
TEST_ALARM = 60     # seconds one test may take
RESOLVE_TIMEOUT_MS = 3000

_libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000


class Failure(Exception):
    pass


def check(cond: bool, what: str) -> None:
    if not cond:
        raise Failure(what)


def expect_raises(exc: type[BaseException], fn: Callable[[], object],
                  what: str) -> BaseException:
    try:
        fn()
    except exc as e:
        return e
    except BaseException as e:
        raise Failure(f"{what}: raised {e!r}, not {exc.__name__}") from e
    raise Failure(f"{what}: no {exc.__name__}")


# -- Namespaces --------------------------------------------------------------

def _suffix() -> str:
    return os.urandom(3).hex()


NS_S = f"mlt-py-s-{_suffix()}"
NS_C = f"mlt-py-c-{_suffix()}"
_home_ns = os.open("/proc/self/ns/net", os.O_RDONLY)


def _setns(fd: int) -> None:
    if _libc.setns(fd, CLONE_NEWNET):
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


@contextlib.contextmanager
def netns(name: str) -> Iterator[None]:
    """The calling thread in namespace @name for the block."""
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        _setns(fd)
        yield
    finally:
        _setns(_home_ns)
        os.close(fd)


def run(*argv: str, ns: Optional[str] = None, stdin: Optional[str] = None
        ) -> str:
    if ns:
        argv = ("ip", "netns", "exec", ns) + argv
    p = subprocess.run(argv, input=stdin, capture_output=True, text=True,
                       timeout=30)
    if p.returncode:
        raise Failure(f"{' '.join(argv)}: exit {p.returncode}: "
                      f"{p.stderr.strip()}")
    return p.stdout.strip()


def mltctl(ns: str, *args: str, stdin: Optional[str] = None) -> str:
    return run(MLTCTL, *args, ns=ns, stdin=stdin)


class Keys:
    identity = b""
    eph = b""
    identity64 = ""
    eph64 = ""


def dir_add(name: str, addr: str = SRV4) -> None:
    mltctl(NS_C, "dir", "add", name, "addr", addr, "port", str(PORT),
           "identity", Keys.identity64, "eph", Keys.eph64, "replace")


def setup() -> None:
    cleanup()
    for ns in (NS_S, NS_C):
        run("ip", "netns", "add", ns)
        run("ip", "-n", ns, "link", "set", "lo", "up")
    run("ip", "link", "add", "vpc", "netns", NS_C, "type", "veth", "peer",
        "name", "vps", "netns", NS_S)
    for ns, dev, a4, a6 in ((NS_C, "vpc", CLI4, CLI6),
                            (NS_S, "vps", SRV4, SRV6)):
        run("ip", "-n", ns, "addr", "add", a4 + "/24", "dev", dev)
        run("ip", "-n", ns, "addr", "add", a6 + "/64", "dev", dev, "nodad")
        run("ip", "-n", ns, "link", "set", dev, "up")
    key = run(MLTCTL, "genkey")
    mltctl(NS_S, "identity", "set", "-", stdin=key + "\n")
    Keys.identity64 = run(MLTCTL, "pubkey", stdin=key + "\n")
    Keys.eph64 = mltctl(NS_S, "eph", "rotate")
    Keys.identity = minimalt.key_from_base64(Keys.identity64)
    Keys.eph = minimalt.key_from_base64(Keys.eph64)
    dir_add("srv.test")


def cleanup() -> None:
    for ns in (NS_S, NS_C):
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)


# -- Helpers -----------------------------------------------------------------

def pattern(n: int, seed: int) -> bytes:
    block = bytes((seed * 131 + i * 7) & 0xff for i in range(256))
    return (block * (n // 256 + 1))[:n]


def recv_exactly(s: socket.socket, n: int) -> bytes:
    out = bytearray()
    while len(out) < n:
        b = s.recv(n - len(out))
        if not b:
            break
        out += b
    return bytes(out)


class EchoServer:
    """Echoes every connection to @service, one thread each; written with
    the binding (create_server, accept)."""

    def __init__(self, service: int) -> None:
        with netns(NS_S):
            self.sock = minimalt.create_server(service)
        self.peers: list[minimalt.Address] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, peer = self.sock.accept()
            except OSError:
                return
            self.peers.append(peer)
            threading.Thread(target=self._echo, args=(conn,),
                             daemon=True).start()

    @staticmethod
    def _echo(conn: socket.socket) -> None:
        with conn:
            try:
                while True:
                    b = conn.recv(65536)
                    if not b:
                        return
                    conn.sendall(b)
            except OSError:
                return


class SilentResolver:
    """A resolver that joins the "resolve" group of the namespace it is
    made in and never answers: connect() to an unknown name then waits."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  16)      # NETLINK_GENERIC
        self.sock.bind((0, 0))
        group = self._resolve_group()
        self.sock.setsockopt(270, 1, group)  # SOL_NETLINK, ADD_MEMBERSHIP
        self.sock.setblocking(False)

    def _resolve_group(self) -> int:
        name = b"minimalt\0"
        attr = struct.pack("=HH", 4 + len(name), 2) + name   # FAMILY_NAME
        attr += b"\0" * (-len(attr) % 4)
        msg = struct.pack("=BBH", 3, 1, 0) + attr        # CTRL_CMD_GETFAMILY
        hdr = struct.pack("=IHHII", 16 + len(msg), 0x10, 1, 1, 0)
        self.sock.send(hdr + msg)
        data = self.sock.recv(65536)
        _, kind, _, _, _ = struct.unpack_from("=IHHII", data)
        check(kind == 0x10, f"CTRL_CMD_GETFAMILY: reply type {kind}")
        for a_type, payload in self._attrs(data[20:]):
            if a_type != 7:                     # CTRL_ATTR_MCAST_GROUPS
                continue
            for _, grp in self._attrs(payload):
                fields = dict(self._attrs(grp))
                if fields.get(1, b"").rstrip(b"\0") == b"resolve":
                    return int(struct.unpack("=I", fields[2][:4])[0])
        raise Failure("no \"resolve\" group in the minimalt family")

    @staticmethod
    def _attrs(buf: bytes) -> Iterator[tuple[int, bytes]]:
        off = 0
        while off + 4 <= len(buf):
            length, a_type = struct.unpack_from("=HH", buf, off)
            if length < 4:
                return
            yield a_type & 0x3fff, buf[off + 4:off + length]
            off += (length + 3) & ~3

    def heard(self) -> bytes:
        out = b""
        with contextlib.suppress(BlockingIOError):
            while True:
                out += self.sock.recv(65536)
        return out

    def close(self) -> None:
        self.sock.close()


# -- Tests -------------------------------------------------------------------

def address_validation() -> None:
    """Malformed addresses fail in Python, before any system call; the
    bytes built match struct sockaddr_mlt."""
    k = bytes(range(32))
    enc = minimalt.encode_address
    raw = enc(("demo.bit", 7), 22)
    check(len(raw) == 128, f"sockaddr_mlt is {len(raw)} bytes, not 128")
    check(raw[:8] == struct.pack("=HHI", 22, 7, 0), "family, service, flags")
    check(raw[8:17] == b"demo.bit\0", "smlt_name at offset 8")
    raw = enc(minimalt.ExplicitAddress(k, k[::-1], "10.1.2.3", 4748, 9), 22)
    check(raw[:8] == struct.pack("=HHI", 22, 9, 1), "explicit: header")
    check(raw[8:40] == k and raw[40:72] == k[::-1], "explicit: keys")
    check(raw[72:88] == b"\0" * 10 + b"\xff\xff" + bytes([10, 1, 2, 3]),
          "explicit: IPv4 as ::ffff:a.b.c.d")
    check(raw[88:92] == struct.pack("=HH", 4748, 0), "explicit: port")
    check(enc(("a" * 119, 1))[8:128] == b"a" * 119 + b"\0",
          "a 119-byte name fits")
    check(minimalt.decode_address(raw) ==
          minimalt.ExplicitAddress(k, k[::-1], "10.1.2.3", 4748, 9),
          "explicit address decodes to itself")
    with minimalt.socket() as s:
        for bad, exc in (((("a" * 120), 7), ValueError),
                         (("", 7), ValueError),
                         (("srv.test", 0), ValueError),
                         (("srv.test", 65536), ValueError),
                         (("srv.test", "7"), TypeError),
                         ("srv.test", TypeError),
                         (minimalt.ExplicitAddress(k[:31], k, SRV4, PORT, 7),
                          ValueError),
                         (minimalt.ExplicitAddress(k, k + b"x", SRV4, PORT,
                                                   7), ValueError),
                         (minimalt.ExplicitAddress(k, k, "srv.test", PORT,
                                                   7), ValueError),
                         (minimalt.ExplicitAddress(k, k, SRV4, 0, 7),
                          ValueError)):
            expect_raises(exc, lambda: s.connect(bad), f"connect({bad!r})")
            expect_raises(exc, lambda: s.connect_ex(bad),
                          f"connect_ex({bad!r})")
        expect_raises(TypeError, lambda: s.bind(("srv.test", 7)),
                      "bind to a name")
        expect_raises(ValueError, lambda: s.bind(0), "bind(0)")
        # None of that reached the kernel: the socket is still unbound.
        check(s.getsockname() == ("", 0), f"getsockname {s.getsockname()}")
        check(s.family == minimalt.family() and
              s.type == socket.SOCK_STREAM, "family and type")


def connect_by_name_round_trip() -> None:
    """A client in its namespace connects to srv.test by name; 256 KiB go
    to the echo server (written with the binding) and back."""
    data = pattern(256 << 10, 1)
    with netns(NS_C):
        s = minimalt.create_connection(("srv.test", ECHO), timeout=30)
    with s:
        check(s.getpeername() == ("srv.test", ECHO),
              f"getpeername {s.getpeername()}")
        check(s.getsockname() == ("", 0), f"getsockname {s.getsockname()}")
        threading.Thread(target=s.sendall, args=(data,), daemon=True).start()
        got = recv_exactly(s, len(data))
        check(got == data, f"echo: {len(got)} bytes, equal {got == data}")
        s.shutdown(socket.SHUT_WR)
        check(s.recv(1) == b"", "EOF after the server's close")


def _explicit(host: str, client_host: str) -> None:
    with netns(NS_S):
        lsock = minimalt.create_server(11)
    with lsock:
        lsock.settimeout(30)
        addr = minimalt.ExplicitAddress(Keys.identity, Keys.eph, host, PORT,
                                        11)
        with netns(NS_C):
            c = minimalt.socket()
        with c:
            c.settimeout(30)
            c.connect(addr)
            check(c.getpeername() == addr, f"client: getpeername "
                  f"{c.getpeername()}, not {addr}")
            c.sendall(b"ping")
            conn, peer = lsock.accept()
            with conn:
                check(isinstance(peer, minimalt.ExplicitAddress),
                      f"accept: {peer!r} is no ExplicitAddress")
                assert isinstance(peer, minimalt.ExplicitAddress)
                # The client's address, port and key; its service is 0:
                # the kernel fills in no service for an accepted peer (a
                # client has none; getsockname() gives the one it asked).
                check(peer.host == client_host and peer.port == PORT and
                      peer.service == 0,
                      f"accept: peer {peer.host} port {peer.port} service "
                      f"{peer.service}")
                check(len(peer.eph_key) == 32 and any(peer.eph_key),
                      "the client's key C' is 32 bytes, not all zero")
                check(peer.eph_key != Keys.eph, "C' is not the server's S'")
                check(peer.identity == bytes(32), "no client identity")
                check(conn.getpeername() == peer, "accepted getpeername")
                check(conn.getsockname() == ("", 11),
                      f"accepted getsockname {conn.getsockname()}")
                check(conn.gettimeout() is None,
                      "accepted socket blocks (listener had a timeout)")
                check(recv_exactly(conn, 4) == b"ping", "server reads ping")
                conn.sendall(b"pong")
                check(recv_exactly(c, 4) == b"pong", "client reads pong")


def explicit_ipv4_accept_peer() -> None:
    """connect(ExplicitAddress) over IPv4; accept() and getpeername()
    give the client's address and its 32-byte key."""
    _explicit(SRV4, CLI4)


def explicit_ipv6_accept_peer() -> None:
    """The same over IPv6."""
    _explicit(SRV6, CLI6)


def no_directory_entry_is_unreachable() -> None:
    """No entry and no resolver: EHOSTUNREACH at once, blocking or not,
    as mlt_transport and mlt_resolve expect."""
    with netns(NS_C):
        s, n = minimalt.socket(), minimalt.socket()
    with s, n:
        e = expect_raises(OSError, lambda: s.connect(("nowhere.test", ECHO)),
                          "connect")
        check(e.errno == errno.EHOSTUNREACH, f"connect: {e!r}")
        n.setblocking(False)
        check(n.connect_ex(("nowhere.test", ECHO)) == errno.EHOSTUNREACH,
              "non-blocking connect_ex: not EHOSTUNREACH")


def refused_without_listener() -> None:
    """No listener on the service: connect() succeeds (no round trip),
    then recv() raises ConnectionRefusedError, as mlt_transport asserts."""
    with netns(NS_C):
        s = minimalt.socket()
    with s:
        s.settimeout(30)
        check(s.connect_ex(("srv.test", 999)) == 0, "connect_ex")
        s.sendall(b"knock")
        expect_raises(ConnectionRefusedError, lambda: s.recv(8), "recv")


def nonblocking_connect_selectors() -> None:
    """A non-blocking connect() to a name the resolver must find raises
    BlockingIOError(EINPROGRESS); selectors sees the socket writable once
    the answer (a directory entry) comes, not before; then an echo."""
    with netns(NS_C):
        resolver = SilentResolver()
        s = minimalt.socket()
    sel = selectors.DefaultSelector()
    try:
        s.setblocking(False)
        e = expect_raises(BlockingIOError,
                          lambda: s.connect(("late.test", ECHO)), "connect")
        check(e.errno == errno.EINPROGRESS, f"connect: {e!r}")
        check(s.connect_ex(("late.test", ECHO)) == errno.EALREADY,
              "second connect_ex: not EALREADY")
        sel.register(s, selectors.EVENT_WRITE)
        check(sel.select(0.5) == [], "writable before the answer")
        check(b"late.test" in resolver.heard(), "the resolver was not asked")
        dir_add("late.test")
        ev = sel.select(20)
        check(len(ev) == 1 and ev[0][1] & selectors.EVENT_WRITE,
              f"not writable after the answer: {ev}")
        check(s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0,
              "SO_ERROR")
        check(s.getpeername() == ("late.test", ECHO), "getpeername")
        data, got, sent = pattern(64 << 10, 2), bytearray(), 0
        sel.modify(s, selectors.EVENT_READ | selectors.EVENT_WRITE)
        deadline = time.monotonic() + 30
        while len(got) < len(data):
            check(time.monotonic() < deadline, f"echo: {len(got)} bytes")
            for _, mask in sel.select(5):
                if mask & selectors.EVENT_WRITE:
                    with contextlib.suppress(BlockingIOError):
                        sent += s.send(data[sent:sent + 16384])
                    if sent == len(data):
                        sel.modify(s, selectors.EVENT_READ)
                if mask & selectors.EVENT_READ:
                    with contextlib.suppress(BlockingIOError):
                        got += s.recv(65536)
        check(bytes(got) == data, "echo differs")
    finally:
        sel.close()
        s.close()
        resolver.close()


def timeouts() -> None:
    """settimeout(t): a connect() the resolver never answers raises
    TimeoutError after t; past the namespace's resolve timeout the kernel
    fails it with ETIMEDOUT (read from SO_ERROR); connect_ex gives
    EWOULDBLOCK; accept() with nobody times out, or raises BlockingIOError
    when non-blocking."""
    mltctl(NS_C, "config", "resolve-timeout", str(RESOLVE_TIMEOUT_MS))
    with netns(NS_C):
        resolver = SilentResolver()
        a, b, c = minimalt.socket(), minimalt.socket(), minimalt.socket()
    try:
        a.settimeout(1.0)
        t0 = time.monotonic()
        e = expect_raises(TimeoutError, lambda: a.connect(("silent-a.test",
                                                           ECHO)), "connect")
        dt = time.monotonic() - t0
        check(isinstance(e, socket.timeout) and e.errno is None,
              f"connect: {e!r}: not socket.timeout")
        check(0.9 <= dt < 2.5, f"connect timed out after {dt:.2f} s, not 1")
        b.settimeout(1.0)
        check(b.connect_ex(("silent-b.test", ECHO)) == errno.EWOULDBLOCK,
              "connect_ex: not EWOULDBLOCK")
        c.settimeout(30)
        t0 = time.monotonic()
        e = expect_raises(TimeoutError, lambda: c.connect(("silent-c.test",
                                                           ECHO)), "connect")
        dt = time.monotonic() - t0
        check(e.errno == errno.ETIMEDOUT,
              f"connect past the resolve timeout: {e!r}, not ETIMEDOUT")
        check(RESOLVE_TIMEOUT_MS / 1000 - 0.5 <= dt < 15,
              f"ETIMEDOUT after {dt:.2f} s")
    finally:
        for s in (a, b, c):
            s.close()
        resolver.close()
        mltctl(NS_C, "config", "resolve-timeout", "10000")
    with netns(NS_S):
        lsock = minimalt.create_server(12)
    with lsock:
        lsock.settimeout(0.5)
        t0 = time.monotonic()
        expect_raises(TimeoutError, lsock.accept, "accept")
        dt = time.monotonic() - t0
        check(0.4 <= dt < 2.5, f"accept timed out after {dt:.2f} s")
        lsock.setblocking(False)
        e = expect_raises(BlockingIOError, lsock.accept, "accept")
        check(e.errno == errno.EAGAIN, f"accept: {e!r}")


def asyncio_streams_echo() -> None:
    """asyncio: minimalt.start_server and minimalt.open_connection, an
    echo of ten lines on two connections at once."""
    async def handle(r: asyncio.StreamReader, w: asyncio.StreamWriter
                     ) -> None:
        peers.append(w.get_extra_info("peername"))
        while line := await r.readline():
            w.write(line)
            await w.drain()
        w.close()

    async def client(n: int) -> None:
        with netns(NS_C):
            r, w = await minimalt.open_connection("srv.test", 13)
        for i in range(10):
            line = f"client {n} line {i}\n".encode()
            w.write(line)
            got = await asyncio.wait_for(r.readline(), 30)
            check(got == line, f"echo {got!r}, not {line!r}")
        check(w.get_extra_info("peername") == ("srv.test", 13),
              "client peername")
        w.write_eof()
        check(await asyncio.wait_for(r.read(), 30) == b"", "EOF")
        w.close()
        await w.wait_closed()

    async def main() -> None:
        with netns(NS_S):
            server = await minimalt.start_server(handle, 13)
        async with server:
            check(server.sockets[0].getsockname() == ("", 13),
                  "server getsockname")
            await asyncio.wait_for(asyncio.gather(client(1), client(2)), 60)
        check(len(peers) == 2 and all(
            isinstance(p, minimalt.ExplicitAddress) and p.host == CLI4
            for p in peers), f"server peernames {peers}")

    peers: list[object] = []
    asyncio.run(main())


def asyncio_sock_calls() -> None:
    """loop.sock_accept and loop.sock_connect, the latter through the
    resolver: it waits for writability until the answer comes."""
    async def main() -> None:
        loop = asyncio.get_running_loop()
        with netns(NS_S):
            lsock = minimalt.create_server(14)
        with netns(NS_C):
            resolver = SilentResolver()
            c = minimalt.socket()
        try:
            lsock.setblocking(False)
            c.setblocking(False)
            accepting = asyncio.ensure_future(loop.sock_accept(lsock))
            connecting = asyncio.ensure_future(
                loop.sock_connect(c, ("late-a.test", 14)))
            done, _ = await asyncio.wait({connecting}, timeout=0.5)
            check(not done, "sock_connect done before the answer")
            proc = await asyncio.create_subprocess_exec(
                "ip", "netns", "exec", NS_C, MLTCTL, "dir", "add",
                "late-a.test", "addr", SRV4, "port", str(PORT), "identity",
                Keys.identity64, "eph", Keys.eph64)
            check(await proc.wait() == 0, "mltctl dir add")
            await asyncio.wait_for(connecting, 20)
            await loop.sock_sendall(c, b"hello")
            conn, peer = await asyncio.wait_for(accepting, 20)
            with conn:
                check(isinstance(peer, minimalt.ExplicitAddress) and
                      peer.host == CLI4, f"sock_accept peer {peer!r}")
                got = b""
                while len(got) < 5:
                    got += await asyncio.wait_for(loop.sock_recv(conn, 5), 20)
                check(got == b"hello", f"sock_recv {got!r}")
        finally:
            c.close()
            lsock.close()
            resolver.close()

    asyncio.run(main())


TESTS = [address_validation, connect_by_name_round_trip,
         explicit_ipv4_accept_peer, explicit_ipv6_accept_peer,
         no_directory_entry_is_unreachable, refused_without_listener,
         nonblocking_connect_selectors, timeouts, asyncio_streams_echo,
         asyncio_sock_calls]


class Alarm(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Alarm(f"no end within {TEST_ALARM} s")


def main() -> int:
    import signal
    signal.signal(signal.SIGALRM, _alarm)
    print("TAP version 13")
    print(f"1..{len(TESTS)}")
    sys.stdout.flush()
    try:
        setup()
        EchoServer(ECHO)
        ready = ""
    except Exception as e:                  # noqa: BLE001
        ready = f"{e}"
    passed = failed = 0
    for n, test in enumerate(TESTS, 1):
        t0 = time.monotonic()
        if ready:
            print(f"# setup: {ready}")
            ok = False
        else:
            try:
                signal.alarm(TEST_ALARM)
                try:
                    test()
                finally:
                    signal.alarm(0)
                ok = True
            except Exception as e:          # noqa: BLE001
                ok = False
                print(f"# {test.__name__}: {e!r}")
                for line in traceback.format_exc().splitlines():
                    print(f"#   {line}")
        print(f"# {test.__name__}: {time.monotonic() - t0:.2f} s")
        print(f"{'ok' if ok else 'not ok'} {n} {test.__name__}")
        sys.stdout.flush()
        passed += ok
        failed += not ok
    cleanup()
    print(f"# Totals: pass:{passed} fail:{failed} xfail:0 xpass:0 skip:0 "
          "error:0")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
