# SPDX-License-Identifier: GPL-2.0
"""AF_MINIMALT sockets from Python, without C.

A pure-Python binding (ctypes on the C library) to the socket family that
minimalt.ko registers. It gives a socket-like API:

    import minimalt

    with minimalt.socket() as s:                   # SOCK_STREAM, AF_MINIMALT
        s.connect(("demo.bit", 7))                 # by directory name
        s.sendall(b"hello")
        print(s.recv(100))

    srv = minimalt.socket()
    srv.bind(7)                                    # or srv.bind(("", 7))
    srv.listen()
    conn, peer = srv.accept()                      # peer: ExplicitAddress

Addresses
    (name, service)     a directory name (str, 1 to 119 ASCII bytes) and a
                        service (1 to 65535); connect() looks the name up
                        in the namespace's directory (mltctl dir add) or
                        asks the resolver (namecoind-helper).
    ExplicitAddress     a server named without the directory: its identity
                        key and a current ephemeral key (32 bytes each), its
                        IPv4 or IPv6 address and UDP port, and the service.
                        getpeername() of an accepted socket gives this form
                        with the client's ephemeral key C' as eph_key, an
                        all-zero identity, the client's address and port,
                        and service 0 (getsockname() gives the service).
    service or ("", service)
                        what bind() takes: bind reads only the service.
                        getsockname() returns ("", service) (service 0 when
                        the socket is neither bound nor accepted).

MinimaltSocket is a socket.socket subclass: send, recv, sendall, makefile,
shutdown, setblocking, settimeout, setsockopt, fileno and close are the
socket module's own. Its fd is a real socket, usable with select, selectors
and asyncio (loop.sock_connect, loop.sock_accept, asyncio.open_connection
(sock=...), asyncio.start_server(sock=...); open_connection() and
start_server() below do it for you).

Errors are OSError subclasses with the kernel's errno, as the socket module
raises them (ConnectionRefusedError, TimeoutError, BlockingIOError for a
non-blocking connect() that waits for the resolver, ...). Malformed
addresses raise TypeError or ValueError before any system call.

connect() needs no round trip to the server: it returns at once when the
directory has the name, and a refusal (no listener on the service) comes
as ECONNREFUSED on the first recv() or send() after it. Only a name the
directory lacks makes connect() wait, for the resolver.

Documentation/python.rst describes the module further.
"""
from __future__ import annotations

import asyncio
import base64
import ctypes
import errno as _errno
import ipaddress
import os
import select
import socket as _socket
import struct
import time
from typing import Any, Awaitable, Callable, NamedTuple, Optional, Union

__all__ = [
    "AF_MINIMALT", "AF_MINIMALT_DEFAULT", "MLT_KEY_LEN", "MLT_NAME_MAX",
    "MLT_UDP_PORT_DEFAULT", "ExplicitAddress", "MinimaltSocket", "Address",
    "family", "socket", "create_connection", "create_server",
    "open_connection", "start_server", "key_from_base64", "key_to_base64",
]

# <linux/minimalt.h>
AF_MINIMALT_DEFAULT = 22
MLT_KEY_LEN = 32
MLT_NAME_MAX = 120          # with the terminating NUL
MLT_ADDR_F_EXPLICIT = 0x1
MLT_UDP_PORT_DEFAULT = 4747
FAMILY_PARAM = "/sys/module/minimalt/parameters/family"

# struct sockaddr_mlt, host order, no padding: family, service, flags, then
# the union of smlt_name[120] and struct mlt_explicit_addr (identity[32],
# eph_key[32], addr[16], port, reserved).
_SOCKADDR = struct.Struct("=HHI120s")
_EXPLICIT = struct.Struct("=32s32s16sHH")
SOCKADDR_LEN = _SOCKADDR.size          # 128
assert SOCKADDR_LEN == 128 and _EXPLICIT.size == 84


def family() -> int:
    """The address family number in force: the module parameter "family"
    when minimalt.ko is loaded, else 22 (AF_MINIMALT_DEFAULT)."""
    try:
        with open(FAMILY_PARAM, encoding="ascii") as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return AF_MINIMALT_DEFAULT


# The number in force when this module was imported; socket() reads it
# again each time (family()).
AF_MINIMALT = family()
_family_in_force = family


class ExplicitAddress(NamedTuple):
    """A peer named by its keys and underlay address, without a directory.

    identity: the server's identity key S (32 bytes; all zero for the
    client of an accepted socket), eph_key: a current ephemeral key S'
    (the client's C' for an accepted socket), host: its IPv4 or IPv6
    address as text, port: its MinimaLT UDP port, service: the service.
    """
    identity: bytes
    eph_key: bytes
    host: str
    port: int
    service: int


# What connect() takes; getpeername() and accept() return one of these.
Address = Union[tuple[str, int], ExplicitAddress]

_libc = ctypes.CDLL(None, use_errno=True)
_socklen_p = ctypes.POINTER(ctypes.c_uint32)


def _fn(name: str, *argtypes: Any) -> Any:
    f = getattr(_libc, name)
    f.argtypes = list(argtypes)
    f.restype = ctypes.c_int
    return f


_c_connect = _fn("connect", ctypes.c_int, ctypes.c_void_p, ctypes.c_uint32)
_c_bind = _fn("bind", ctypes.c_int, ctypes.c_void_p, ctypes.c_uint32)
_c_accept4 = _fn("accept4", ctypes.c_int, ctypes.c_void_p, _socklen_p,
                 ctypes.c_int)
_c_getsockname = _fn("getsockname", ctypes.c_int, ctypes.c_void_p,
                     _socklen_p)
_c_getpeername = _fn("getpeername", ctypes.c_int, ctypes.c_void_p,
                     _socklen_p)


def _oserror(err: int) -> OSError:
    # OSError(errno, text) makes the subclass the socket module would
    # raise: ConnectionRefusedError, BlockingIOError, TimeoutError, ...
    return OSError(err, os.strerror(err))


def _timeout_error() -> TimeoutError:
    return TimeoutError("timed out")      # socket.timeout's text


# -- Addresses ---------------------------------------------------------------

def _check_service(service: Any, what: str = "service") -> int:
    if isinstance(service, bool) or not isinstance(service, int):
        raise TypeError(f"{what} must be an int, not "
                        f"{type(service).__name__}")
    if not 1 <= service <= 65535:
        raise ValueError(f"{what} must be 1 to 65535, not {service}")
    return service


def _check_key(key: Any, what: str) -> bytes:
    if not isinstance(key, (bytes, bytearray, memoryview)):
        raise TypeError(f"{what} must be bytes, not {type(key).__name__}")
    key = bytes(key)
    if len(key) != MLT_KEY_LEN:
        raise ValueError(f"{what} must be {MLT_KEY_LEN} bytes, not "
                         f"{len(key)}")
    return key


def _encode_name(name: Any) -> bytes:
    if isinstance(name, str):
        try:
            raw = name.encode("ascii")
        except UnicodeEncodeError:
            raise ValueError(f"name {name!r} is not ASCII (directory names "
                             "are [a-z0-9-] labels)") from None
    elif isinstance(name, (bytes, bytearray)):
        raw = bytes(name)
    else:
        raise TypeError(f"name must be str, not {type(name).__name__}")
    if not raw:
        raise ValueError("name is empty")
    if b"\0" in raw:
        raise ValueError("name contains a NUL byte")
    if len(raw) >= MLT_NAME_MAX:
        raise ValueError(f"name is {len(raw)} bytes long, more than "
                         f"{MLT_NAME_MAX - 1}")
    return raw


def _encode_host(host: Any) -> bytes:
    if not isinstance(host, str):
        raise TypeError(f"host must be str, not {type(host).__name__}")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"host {host!r} is not an IPv4 or IPv6 address "
                         "(the explicit form takes no host names)") from None
    if isinstance(ip, ipaddress.IPv4Address):
        return ipaddress.IPv6Address("::ffff:" + str(ip)).packed
    return ip.packed


def _decode_host(raw: bytes) -> str:
    ip = ipaddress.IPv6Address(raw)
    return str(ip.ipv4_mapped) if ip.ipv4_mapped is not None else str(ip)


def encode_address(address: Any, fam: Optional[int] = None) -> bytes:
    """The struct sockaddr_mlt (128 bytes) of a connect() address:
    (name, service) or ExplicitAddress. Raises TypeError or ValueError."""
    fam = family() if fam is None else fam
    if isinstance(address, ExplicitAddress):
        service = _check_service(address.service)
        body = _EXPLICIT.pack(_check_key(address.identity, "identity"),
                              _check_key(address.eph_key, "eph_key"),
                              _encode_host(address.host),
                              _check_service(address.port, "port"), 0)
        return _SOCKADDR.pack(fam, service, MLT_ADDR_F_EXPLICIT, body)
    if not isinstance(address, tuple) or len(address) != 2:
        raise TypeError("an AF_MINIMALT address is a (name, service) tuple "
                        f"or an ExplicitAddress, not {address!r}")
    name = _encode_name(address[0])
    service = _check_service(address[1])
    return _SOCKADDR.pack(fam, service, 0, name)


def _encode_bind(address: Any, fam: int) -> bytes:
    if isinstance(address, tuple) and not isinstance(address,
                                                     ExplicitAddress):
        if len(address) != 2 or address[0] not in ("", b""):
            raise TypeError('bind() takes a service or ("", service): '
                            "a listener has no name of its own")
        address = address[1]
    elif not isinstance(address, int) or isinstance(address, bool):
        raise TypeError('bind() takes a service or ("", service), not '
                        f"{address!r}")
    return _SOCKADDR.pack(fam, _check_service(address), 0, b"")


def decode_address(raw: bytes) -> Address:
    """A struct sockaddr_mlt from the kernel as (name, service) or
    ExplicitAddress."""
    raw = raw.ljust(SOCKADDR_LEN, b"\0")[:SOCKADDR_LEN]
    _, service, flags, body = _SOCKADDR.unpack(raw)
    if flags & MLT_ADDR_F_EXPLICIT:
        identity, eph, addr, port, _ = _EXPLICIT.unpack_from(body)
        return ExplicitAddress(identity, eph, _decode_host(addr), port,
                               service)
    name = body.split(b"\0", 1)[0].decode("ascii", "replace")
    return (name, service)


def key_from_base64(text: Union[str, bytes]) -> bytes:
    """A 32-byte key from the 44-character base64 text mltctl prints."""
    if isinstance(text, str):
        text = text.strip().encode("ascii")
    key = base64.b64decode(text, validate=True)
    return _check_key(key, "key")


def key_to_base64(key: bytes) -> str:
    """The 44-character base64 text of a 32-byte key, as mltctl writes it."""
    return base64.b64encode(_check_key(key, "key")).decode("ascii")


# -- The socket --------------------------------------------------------------

def _poll(fd: int, events: int, timeout: Optional[float]) -> bool:
    """Wait for @events on @fd for up to @timeout seconds (None: for ever):
    True when ready, False on timeout. select.poll retries on EINTR with
    the time left (PEP 475), and a signal handler's exception propagates."""
    p = select.poll()
    p.register(fd, events)
    ms = None if timeout is None else max(0, int(timeout * 1000 + 0.999))
    return bool(p.poll(ms))


class MinimaltSocket(_socket.socket):
    """A socket.socket of family AF_MINIMALT and type SOCK_STREAM.

    The socket module knows no AF_MINIMALT address, so the calls that take
    or return one (connect, connect_ex, bind, accept, getpeername,
    getsockname) are made here through ctypes; the others are inherited.
    """

    __slots__ = ()

    def __init__(self, family: int = -1, type: int = _socket.SOCK_STREAM,
                 proto: int = 0, fileno: Optional[int] = None) -> None:
        if family == -1 and fileno is None:
            family = _family_in_force()
        if fileno is None and type != _socket.SOCK_STREAM:
            raise ValueError("AF_MINIMALT sockets are SOCK_STREAM")
        super().__init__(family, type, proto, fileno)

    # The address in the family this socket was made with.
    def _sockaddr(self, address: Any) -> ctypes.Array[ctypes.c_char]:
        raw = encode_address(address, int(self.family))
        return ctypes.create_string_buffer(raw, SOCKADDR_LEN)

    def _connect(self, address: Any) -> int:
        """connect() as CPython's internal_connect: 0 or an errno, raising
        TimeoutError itself only through the caller."""
        buf = self._sockaddr(address)
        fd = self.fileno()
        timeout = self.gettimeout()
        if _c_connect(fd, buf, SOCKADDR_LEN) == 0:
            return 0
        err = ctypes.get_errno()
        if err == _errno.EINTR:
            # The connection goes on in the background: wait for it unless
            # the socket is non-blocking (the caller calls connect again).
            wait = timeout != 0.0
        else:
            wait = timeout is not None and timeout > 0 and \
                err == _errno.EINPROGRESS
        if not wait:
            return err
        if not _poll(fd, select.POLLOUT, timeout):
            raise _timeout_error()
        err = self.getsockopt(_socket.SOL_SOCKET, _socket.SO_ERROR)
        return 0 if err == _errno.EISCONN else err

    def connect(self, address: Address) -> None:  # type: ignore[override]
        """Connect to (name, service) or an ExplicitAddress. Honours
        gettimeout(): None blocks (while the resolver answers), 0.0 raises
        BlockingIOError(EINPROGRESS) when the name must be resolved, and a
        timeout t raises TimeoutError after t seconds without an answer."""
        err = self._connect(address)
        if err:
            raise _oserror(err)

    def connect_ex(self, address: Address) -> int:  # type: ignore[override]
        """As connect(), but return the errno (0 on success) instead of
        raising; a timeout gives EWOULDBLOCK, as in the socket module. A
        malformed address still raises TypeError or ValueError."""
        try:
            return self._connect(address)
        except TimeoutError:
            return _errno.EWOULDBLOCK

    def bind(self, address: Union[int, tuple[str, int]]) -> None:  # type: ignore[override]
        """Bind to a service: bind(7) or bind(("", 7))."""
        raw = _encode_bind(address, int(self.family))
        buf = ctypes.create_string_buffer(raw, SOCKADDR_LEN)
        if _c_bind(self.fileno(), buf, SOCKADDR_LEN):
            raise _oserror(ctypes.get_errno())

    def _accept_fd(self) -> tuple[int, bytes]:
        buf = ctypes.create_string_buffer(SOCKADDR_LEN)
        length = ctypes.c_uint32(SOCKADDR_LEN)
        fd = self.fileno()
        timeout = self.gettimeout()
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if timeout is not None and timeout > 0:
                left = deadline - time.monotonic()  # type: ignore[operator]
                if left <= 0 or not _poll(fd, select.POLLIN, left):
                    raise _timeout_error()
            length.value = SOCKADDR_LEN
            new = _c_accept4(fd, buf, ctypes.byref(length),
                             _socket.SOCK_CLOEXEC)
            if new >= 0:
                return new, buf.raw[:length.value]
            err = ctypes.get_errno()
            if err == _errno.EINTR:
                continue
            if err in (_errno.EAGAIN, _errno.EWOULDBLOCK) and \
                    timeout is not None and timeout > 0:
                continue        # another process took it: wait again
            raise _oserror(err)

    def accept(self) -> tuple["MinimaltSocket", Address]:  # type: ignore[override]
        """Accept a connection: (socket, address of the peer). The address
        is an ExplicitAddress with the client's ephemeral key C', its
        address and UDP port, an all-zero identity and service 0. The new
        socket follows the socket module's rule for its timeout."""
        fd, raw = self._accept_fd()
        sock = MinimaltSocket(int(self.family), self.type, self.proto,
                              fileno=fd)
        if _socket.getdefaulttimeout() is None and self.gettimeout():
            sock.setblocking(True)
        return sock, decode_address(raw)

    def _name(self, call: Any) -> bytes:
        buf = ctypes.create_string_buffer(SOCKADDR_LEN)
        length = ctypes.c_uint32(SOCKADDR_LEN)
        if call(self.fileno(), buf, ctypes.byref(length)):
            raise _oserror(ctypes.get_errno())
        return buf.raw[:length.value]

    def getpeername(self) -> Address:  # type: ignore[override]
        """The peer: (name, service) for a socket connected by name, an
        ExplicitAddress for one connected explicitly or accepted."""
        return decode_address(self._name(_c_getpeername))

    def getsockname(self) -> tuple[str, int]:  # type: ignore[override]
        """("", service): the service bound or accepted on, else 0."""
        raw = self._name(_c_getsockname)
        return ("", _SOCKADDR.unpack(raw.ljust(SOCKADDR_LEN, b"\0"))[1])

    def dup(self) -> "MinimaltSocket":
        fd = os.dup(self.fileno())
        sock = MinimaltSocket(int(self.family), self.type, self.proto,
                              fileno=fd)
        sock.settimeout(self.gettimeout())
        return sock


def socket(fileno: Optional[int] = None) -> MinimaltSocket:
    """A new AF_MINIMALT stream socket in the caller's network namespace
    (or one around an existing fd). Raises EAFNOSUPPORT when minimalt.ko
    is not loaded."""
    if fileno is not None:
        return MinimaltSocket(fileno=fileno)    # family as SO_DOMAIN says
    return MinimaltSocket(family())


def create_connection(address: Address,
                      timeout: Optional[float] = None) -> MinimaltSocket:
    """A socket connected to @address, with @timeout set (None: blocking)."""
    sock = socket()
    try:
        sock.settimeout(timeout)
        sock.connect(address)
    except BaseException:
        sock.close()
        raise
    return sock


def create_server(service: int, backlog: Optional[int] = None
                  ) -> MinimaltSocket:
    """A socket bound to @service and listening."""
    _check_service(service)
    sock = socket()
    try:
        sock.bind(service)
        if backlog is None:
            sock.listen()
        else:
            sock.listen(backlog)
    except BaseException:
        sock.close()
        raise
    return sock


# -- asyncio -----------------------------------------------------------------

async def open_connection(address: Union[str, Address],
                          service: Optional[int] = None, **kwds: Any
                          ) -> tuple[asyncio.StreamReader,
                                     asyncio.StreamWriter]:
    """asyncio.open_connection over AF_MINIMALT: open_connection("demo.bit",
    7), open_connection(("demo.bit", 7)) or open_connection(explicit).
    Other keywords (limit, ...) go to asyncio.open_connection."""
    if isinstance(address, str):
        if service is None:
            raise TypeError("open_connection(name, service): no service")
        address = (address, service)
    elif service is not None:
        raise TypeError("service is given twice")
    encode_address(address)                   # errors before the socket
    loop = asyncio.get_running_loop()
    sock = socket()
    try:
        sock.setblocking(False)
        await loop.sock_connect(sock, address)
        return await asyncio.open_connection(sock=sock, **kwds)
    except BaseException:
        sock.close()
        raise


async def start_server(client_connected_cb: Callable[
                           [asyncio.StreamReader, asyncio.StreamWriter],
                           Optional[Awaitable[None]]],
                       service: int, *, backlog: int = 100, **kwds: Any
                       ) -> asyncio.Server:
    """asyncio.start_server on an AF_MINIMALT socket bound to @service.
    Other keywords (limit, start_serving, ...) go to asyncio.start_server."""
    _check_service(service)
    sock = socket()
    try:
        sock.bind(service)
        return await asyncio.start_server(client_connected_cb, sock=sock,
                                          backlog=backlog, **kwds)
    except BaseException:
        sock.close()
        raise
