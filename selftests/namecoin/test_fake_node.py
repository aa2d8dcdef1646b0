#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host test of fake-namecoind (the namecoind stand-in).

usage: test_fake_node.py PATH/TO/fake-namecoind

Builds nothing: give it a binary, normally once built with
-fsanitize=address,undefined and once without. Starts it on free ports
with a temporary state file and cookie directory and checks the HTTP,
auth, JSON-RPC and name behaviours the namecoind-helper relies on.
Prints TAP (version 13) and exits 1 if any check fails.
Python 3 standard library only.
"""

import base64
import json
import os
import random
import re
import select
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HEX64 = re.compile(r'^[0-9a-f]{64}$')
AUTH = ('alice', 's3cret:with:colons')
REALM = 'Basic realm="jsonrpc"'


class Node:
    """A running fake-namecoind and how to talk to it."""

    def __init__(self, binary, args, workdir, tag):
        self.errpath = os.path.join(workdir, tag + '.stderr')
        self.errfile = open(self.errpath, 'wb')
        self.proc = subprocess.Popen([binary] + args, stdout=subprocess.PIPE,
                                     stderr=self.errfile)
        self.line = self._readline(10)
        m = re.match(r'^listening on (\S+):(\d+)$', self.line)
        if not m:
            self.terminate()
            raise RuntimeError('no "listening on" line, got %r; stderr: %s'
                               % (self.line, self.stderr()[-500:]))
        self.host = m.group(1)
        self.port = int(m.group(2))

    def _readline(self, timeout):
        out = b''
        end = time.time() + timeout
        fd = self.proc.stdout.fileno()
        while not out.endswith(b'\n') and time.time() < end:
            r, _, _ = select.select([fd], [], [], end - time.time())
            if not r:
                break
            c = os.read(fd, 1)
            if not c:
                break
            out += c
        return out.decode(errors='replace').strip()

    def url(self):
        return 'http://%s:%d/' % (self.host, self.port)

    def http(self, body, auth=AUTH, method='POST', timeout=10,
             headers=None):
        """(status, headers, body bytes) of one HTTP request."""
        if isinstance(body, str):
            body = body.encode()
        req = urllib.request.Request(self.url(), data=body, method=method)
        req.add_header('Content-Type', 'application/json')
        if auth is not None:
            if isinstance(auth, tuple):
                auth = 'Basic ' + base64.b64encode(
                    ('%s:%s' % auth).encode()).decode()
            req.add_header('Authorization', auth)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def call(self, method, params=None, rid=1, auth=AUTH, timeout=10):
        """(status, decoded reply) of one JSON-RPC 1.0 call."""
        req = {'jsonrpc': '1.0', 'id': rid, 'method': method}
        if params is not None:
            req['params'] = params
        st, _, body = self.http(json.dumps(req), auth=auth, timeout=timeout)
        return st, json.loads(body)

    def ok(self, method, params=None):
        """The result of a call that must succeed."""
        st, rep = self.call(method, params)
        check(st == 200 and rep['error'] is None,
              '%s %r: HTTP %d %r' % (method, params, st, rep))
        return rep['result']

    def raw(self, data, timeout=5, pause=0.0, chunk=None):
        """Send raw bytes (optionally in chunks with pauses), read all."""
        s = socket.create_connection((self.host.strip('[]'), self.port),
                                     timeout=timeout)
        try:
            if chunk:
                for i in range(0, len(data), chunk):
                    s.sendall(data[i:i + chunk])
                    time.sleep(pause)
            else:
                s.sendall(data)
            out = b''
            while True:
                try:
                    c = s.recv(65536)
                except (ConnectionResetError, socket.timeout):
                    break
                if not c:
                    break
                out += c
            return out
        finally:
            s.close()

    def terminate(self, timeout=10):
        """Send SIGTERM, return the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
        finally:
            self.errfile.close()

    def stderr(self):
        if not self.errfile.closed:
            self.errfile.flush()
        with open(self.errpath, 'rb') as f:
            return f.read().decode(errors='replace')


class Fail(Exception):
    pass


def check(cond, why):
    if not cond:
        raise Fail(why)


def rpc_error(node, method, params, status, code, msg=None, rid=1):
    """Check a JSON-RPC error reply of Core's legacy shape."""
    st, rep = node.call(method, params, rid=rid)
    check(st == status, 'HTTP %d, wanted %d: %r' % (st, status, rep))
    check(list(rep) == ['result', 'error', 'id'], 'keys %r' % list(rep))
    check(rep['result'] is None and rep['id'] == rid, repr(rep))
    err = rep['error']
    check(isinstance(err, dict) and err.get('code') == code,
          'error %r, wanted code %d' % (err, code))
    check(isinstance(err.get('message'), str), 'message %r' % err)
    if msg is not None:
        check(msg in err['message'], 'message %r lacks %r' % (err, msg))
    return err


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def sanitizer_clean(text):
    return ('AddressSanitizer' not in text and 'LeakSanitizer' not in text
            and 'runtime error:' not in text)


# ---- the checks; each function is one TAP line ----

T = []


def test(desc):
    def reg(fn):
        T.append((desc, fn))
        return fn
    return reg


N = None        # main node: -u, state file, -v
C = None        # cookie node: -C and -u
CTX = {}


@test('prints "listening on 127.0.0.1:PORT" with the picked port (-p 0)')
def _():
    check(N.host == '127.0.0.1' and N.port > 0, N.line)


@test('no credentials: 401, WWW-Authenticate Basic realm="jsonrpc", '
      'empty body')
def _():
    st, h, body = N.http('{"id":1,"method":"getblockcount"}', auth=None)
    check(st == 401, 'HTTP %d' % st)
    check(h.get('WWW-Authenticate') == REALM, repr(h.get('WWW-Authenticate')))
    check(body == b'', repr(body))


@test('wrong password: 401 of the same shape, after a pause')
def _():
    t = time.time()
    st, h, body = N.http('{"id":1,"method":"getblockcount"}',
                         auth=(AUTH[0], 'wrong'))
    dt = time.time() - t
    check(st == 401 and h.get('WWW-Authenticate') == REALM and body == b'',
          'HTTP %d %r' % (st, body))
    check(dt >= 0.2, 'answered after %.3f s' % dt)


@test('non-Basic or undecodable Authorization: 401')
def _():
    for a in ('Bearer abc', 'Basic !!!notbase64', 'Basic ',
              'basic ' + base64.b64encode(b'alice:s3cret:with:colons')
              .decode()):
        st, h, body = N.http('{"id":1,"method":"getblockcount"}', auth=a)
        check(st == 401 and body == b'', '%r: HTTP %d' % (a, st))


@test('GET: 405')
def _():
    st, _, _ = N.http(None, method='GET')
    check(st == 405, 'HTTP %d' % st)


@test('getblockcount: 200, application/json, exactly '
      '{"result":200,"error":null,"id":1}')
def _():
    st, h, body = N.http('{"jsonrpc":"1.0","id":1,"method":"getblockcount",'
                         '"params":[]}')
    check(st == 200, 'HTTP %d' % st)
    check(h.get('Content-Type') == 'application/json', h.get('Content-Type'))
    check(body == b'{"result":200,"error":null,"id":1}\n', repr(body))


@test('id is echoed whatever its type; params may be omitted')
def _():
    for rid in ('abc', 0, None, [1, 2], {'x': 1}):
        st, rep = N.call('getblockcount', None, rid=rid)
        check(st == 200 and rep == {'result': 200, 'error': None, 'id': rid},
              repr(rep))


@test('getbestblockhash: 64 hex, equal to getblockhash of the tip')
def _():
    h = N.ok('getbestblockhash', [])
    check(isinstance(h, str) and HEX64.match(h), repr(h))
    check(N.ok('getblockhash', [200]) == h, 'getblockhash differs')
    CTX['hash200'] = h


@test('getblockchaininfo: regtest, blocks, headers, bestblockhash, '
      'initialblockdownload')
def _():
    r = N.ok('getblockchaininfo', [])
    check(r['chain'] == 'regtest' and r['blocks'] == 200 and
          r['headers'] == 200 and r['bestblockhash'] == CTX['hash200'] and
          r['initialblockdownload'] is False, repr(r))


@test('unknown method: HTTP 404, -32601, id echoed')
def _():
    rpc_error(N, 'name_register', ['d/x'], 404, -32601, 'Method not found',
              rid=42)


@test('unparseable JSON: HTTP 500, -32700 "Parse error", id null')
def _():
    for body in ('{"id":1,"method":', 'not json', '', '\x00\xff'):
        st, h, raw = N.http(body)
        rep = json.loads(raw)
        check(st == 500, '%r: HTTP %d' % (body, st))
        check(rep == {'result': None, 'error': {'code': -32700,
                                                'message': 'Parse error'},
                      'id': None}, repr(rep))


@test('top-level scalar: HTTP 500, -32700')
def _():
    st, _, raw = N.http('42')
    check(st == 500 and json.loads(raw)['error']['code'] == -32700,
          'HTTP %d %r' % (st, raw))


@test('params neither array nor object: HTTP 400, -32600')
def _():
    rpc_error(N, 'getblockcount', 'd/demo', 400, -32600)
    rpc_error(N, 'name_show', 7, 400, -32600)


@test('method missing or not a string: HTTP 400, -32600')
def _():
    for body in ('{"id":1}', '{"id":1,"method":5}'):
        st, _, raw = N.http(body)
        rep = json.loads(raw)
        check(st == 400 and rep['error']['code'] == -32600 and
              rep['id'] == 1, '%r: HTTP %d %r' % (body, st, rep))


@test('batch: an array of replies, HTTP 200')
def _():
    st, _, raw = N.http('[{"id":1,"method":"getblockcount"},'
                        '{"id":2,"method":"nope"}, 3]')
    rep = json.loads(raw)
    check(st == 200 and isinstance(rep, list) and len(rep) == 3, repr(rep))
    check(rep[0] == {'result': 200, 'error': None, 'id': 1}, repr(rep[0]))
    check(rep[1]['error']['code'] == -32601 and rep[1]['id'] == 2,
          repr(rep[1]))
    check(rep[2]['error']['code'] == -32600, repr(rep[2]))


@test('name_show: namecoind\'s result object, in its key order')
def _():
    st, h, raw = N.http(json.dumps({
        'jsonrpc': '1.0', 'id': 7, 'method': 'name_show',
        'params': ['d/demo', {'valueEncoding': 'utf8'}]}))
    check(st == 200, 'HTTP %d' % st)
    rep = json.loads(raw)
    check(list(rep) == ['result', 'error', 'id'] and rep['id'] == 7 and
          rep['error'] is None, repr(rep))
    r = rep['result']
    # rpc/names.cpp: getNameInfo, addExpirationInfo, then addOwnershipInfo
    check(list(r) == ['name', 'name_encoding', 'value', 'value_encoding',
                      'txid', 'vout', 'address', 'height', 'expires_in',
                      'expired', 'ismine'], repr(list(r)))
    check(r['name'] == 'd/demo' and r['name_encoding'] == 'ascii',
          repr(r))
    check(r['value'] == CTX['demo'] and r['value_encoding'] == 'utf8',
          repr(r))
    check(HEX64.match(r['txid']) and r['vout'] == 0, repr(r))
    check(re.match(r'^n[1-9A-HJ-NP-Za-km-z]{25,34}$', r['address']),
          repr(r['address']))
    check(r['height'] == 150 and r['expires_in'] == 150 + 100 - 200 and
          r['expired'] is False, repr(r))
    CTX['demo_txid'] = r['txid']


@test('name_show with named parameters')
def _():
    r = N.ok('name_show', {'name': 'd/demo',
                           'options': {'valueEncoding': 'utf8'}})
    check(r['value'] == CTX['demo'], repr(r))
    rpc_error(N, 'name_show', {'name': 'd/demo', 'bogus': 1}, 500, -8)


@test('name_show without options: ascii, non-ASCII value is value_error '
      'there and a string in utf8')
def _():
    r = N.ok('name_show', ['d/demo'])
    check(r['value_encoding'] == 'ascii' and r['value'] == CTX['demo'],
          repr(r))
    # names/encoding.cpp AddEncodedNameToUniv: KEY_error replaces KEY
    r = N.ok('name_show', ['d/uni'])
    check('value' not in r and r['value_error'] == 'invalid data for ascii'
          and r['value_encoding'] == 'ascii', repr(r))
    r = N.ok('name_show', ['d/uni', {'valueEncoding': 'utf8'}])
    check(r['value'] == 'caf\u00e9 \u2603', repr(r))


@test('name_show valueEncoding hex: value hex-encoded')
def _():
    r = N.ok('name_show', ['d/demo', {'valueEncoding': 'hex'}])
    check(r['value_encoding'] == 'hex' and
          r['value'] == CTX['demo'].encode().hex(), repr(r))
    r = N.ok('name_show', ['d/uni', {'valueEncoding': 'hex'}])
    check(r['value'] == 'caf\u00e9 \u2603'.encode().hex(), repr(r))


@test('name_show bad options: unknown encoding falls back to ascii, '
      'wrong types -3')
def _():
    # rpc/names.cpp EncodingFromOptionsJson: invalid names only logged
    r = N.ok('name_show', ['d/demo', {'valueEncoding': 'latin1'}])
    check(r['value_encoding'] == 'ascii', repr(r))
    rpc_error(N, 'name_show', ['d/demo', {'valueEncoding': 5}], 500, -3,
              'JSON value of type number for field valueEncoding is not '
              'of expected type string')
    # rpc/util.cpp RPCMethod::HandleRequest: "Wrong type passed"
    rpc_error(N, 'name_show', ['d/demo', 'utf8'], 500, -3,
              'Wrong type passed')


@test('name_show unknown name: HTTP 500, -4 "name never existed"')
def _():
    rpc_error(N, 'name_show', ['d/nonexistent', {'valueEncoding': 'utf8'}],
              500, -4, 'name never existed')


@test('name_show name of the wrong type: -3; wrong count: -1')
def _():
    rpc_error(N, 'name_show', [42], 500, -3,
              '"Position 1 (name)": "JSON value of type number is not of '
              'expected type string"')
    rpc_error(N, 'name_show', [None], 500, -3)
    rpc_error(N, 'name_show', [], 500, -1)
    rpc_error(N, 'name_show', ['a', {}, 3], 500, -1)


@test('name longer than 255 bytes: name_show -4, name_update -8')
def _():
    # rpc/names.cpp name_show has no length check; walletnames.cpp has
    rpc_error(N, 'name_show', ['d/' + 'x' * 300], 500, -4,
              'name never existed')
    rpc_error(N, 'name_update', ['d/' + 'x' * 300, 'v'], 500, -8,
              'the name is too long')


@test('expired name with allowExpired: "expired": true, expires_in <= 0')
def _():
    r = N.ok('name_show', ['d/old', {'valueEncoding': 'utf8',
                                     'allowExpired': True}])
    check(r['expired'] is True and r['expires_in'] == 50 + 100 - 200,
          repr(r))


@test('expired_error mode: -4 "name expired"; off again: expired true')
def _():
    m = N.ok('fake_mode', [{'expired_error': True}])
    check(m['expired_error'] is True, repr(m))
    rpc_error(N, 'name_show', ['d/old', {'allowExpired': True}], 500,
              -4, 'name expired')
    check(N.ok('name_show', ['d/demo'])['expired'] is False, 'unexpired')
    N.ok('fake_mode', [{'expired_error': False}])
    check(N.ok('name_show', ['d/old', {'allowExpired': True}])['expired']
          is True, 'expired')


@test('allowExpired false: -4 "name expired"')
def _():
    rpc_error(N, 'name_show', ['d/old', {'allowExpired': False}], 500, -4,
              'name expired')


@test('IBD mode: name_show -10 "Namecoin is downloading blocks...", '
      'getblockchaininfo says so')
def _():
    m = N.ok('fake_mode', [{'ibd': True}])
    want = {'ibd': True, 'delay_ms': 0, 'garbage': False,
            'http500_html': False, 'expired_error': False,
            'headers_ahead': 0, 'tip_age': 0, 'wallet_locked': False,
            'no_funds': False, 'fee_estimation_fails': False, 'wallets': 1}
    check(all(m.get(k) == v for k, v in want.items()), repr(m))
    rpc_error(N, 'name_show', ['d/demo', {'valueEncoding': 'utf8'}], 500,
              -10, 'Namecoin is downloading blocks...')
    check(N.ok('getblockchaininfo')['initialblockdownload'] is True, 'ibd')
    check(N.ok('getblockcount') == 200, 'count')
    N.ok('fake_mode', [{'ibd': False}])
    check(N.ok('name_show', ['d/demo'])['value'] == CTX['demo'], 'back')


@test('fake_mode: bad keys or types are errors and change nothing')
def _():
    rpc_error(N, 'fake_mode', [{'ibd': True, 'nonsense': 1}], 500, -8)
    rpc_error(N, 'fake_mode', [{'ibd': 1}], 500, -3)
    rpc_error(N, 'fake_mode', [{'delay_ms': -5}], 500, -3)
    check(N.ok('fake_mode', [])['ibd'] is False, 'ibd changed')


@test('name_update: returns a txid, value pending (name_show unchanged)')
def _():
    txid = N.ok('name_update', ['d/demo', '{"ip":"5.6.7.8"}'])
    check(isinstance(txid, str) and HEX64.match(txid), repr(txid))
    r = N.ok('name_show', ['d/demo', {'valueEncoding': 'utf8'}])
    check(r['value'] == CTX['demo'] and r['height'] == 150 and
          r['txid'] == CTX['demo_txid'], repr(r))
    CTX['upd_txid'] = txid


@test('name_update while one is pending: -25')
def _():
    rpc_error(N, 'name_update', ['d/demo', 'again'], 500, -25, 'pending')


@test('generatetoaddress 2: two new block hashes, tip and count advance')
def _():
    hs = N.ok('generatetoaddress', [2, 'ncrt1qfakeaddress'])
    check(isinstance(hs, list) and len(hs) == 2 and
          all(HEX64.match(h) for h in hs) and len(set(hs)) == 2 and
          CTX['hash200'] not in hs, repr(hs))
    check(N.ok('getblockcount') == 202, 'count')
    check(N.ok('getbestblockhash') == hs[1], 'tip')
    check(N.ok('getblockhash', [201]) == hs[0], 'hash 201')
    check(N.ok('getblockchaininfo')['bestblockhash'] == hs[1], 'info')
    rpc_error(N, 'generatetoaddress', [1], 500, -1)
    rpc_error(N, 'generatetoaddress', [1, ''], 500, -5)


@test('after the block: name_show has the new value, height and txid')
def _():
    r = N.ok('name_show', ['d/demo', {'valueEncoding': 'utf8'}])
    check(r['value'] == '{"ip":"5.6.7.8"}' and r['height'] == 201 and
          r['txid'] == CTX['upd_txid'] and
          r['expires_in'] == 201 + 100 - 202, repr(r))


@test('name_update value of 521 bytes: -8 "value is too long"; 520 ok')
def _():
    rpc_error(N, 'name_update', ['d/demo', 'v' * 521], 500, -8,
              'value is too long')
    rpc_error(N, 'name_update',
              ['d/demo', '\u00e9' * 261, {'valueEncoding': 'utf8'}], 500,
              -8, 'value is too long')
    N.ok('name_update', ['d/demo', 'v' * 520])
    N.ok('generatetoaddress', [1, 'ncrt1qfakeaddress'])
    r = N.ok('name_show', ['d/demo', {'valueEncoding': 'utf8'}])
    check(r['value'] == 'v' * 520 and r['height'] == 203, repr(r)[:200])


@test('name_update unknown or expired name: -25 "this name can not be '
      'updated"; wrong types -3, count -1')
def _():
    rpc_error(N, 'name_update', ['d/none', 'x'], 500, -25,
              'this name can not be updated')
    rpc_error(N, 'name_update', ['d/old', 'x'], 500, -25,
              'this name can not be updated')
    rpc_error(N, 'name_update', ['d/demo', 5], 500, -3)
    rpc_error(N, 'name_update', [], 500, -1)


@test('fake_setname: malformed and 2000-byte values stored as given, '
      'height given or current')
def _():
    bad = '{"ip": "1.2.3.4", oops' + 'z' * 2000
    check(N.ok('fake_setname', ['d/bad', bad, 190]) is None, 'result')
    r = N.ok('name_show', ['d/bad', {'valueEncoding': 'utf8'}])
    check(r['value'] == bad and r['height'] == 190, repr(r)[:200])
    N.ok('fake_setname', ['d/now', 'x'])
    check(N.ok('name_show', ['d/now'])['height'] == 203, 'height')


@test('fake_setname null deletes: then -4')
def _():
    N.ok('fake_setname', ['d/now', None])
    rpc_error(N, 'name_show', ['d/now'], 500, -4, 'name never existed')


@test('delay_ms: later replies wait (client times out), fake_mode does not')
def _():
    N.ok('fake_mode', [{'delay_ms': 1500}])
    t = time.time()
    st, rep = N.call('fake_mode', [])
    check(st == 200 and rep['result']['delay_ms'] == 1500 and
          time.time() - t < 1.0, 'fake_mode slow')
    t = time.time()
    try:
        N.call('getblockcount', timeout=0.5)
        timed_out = False
    except (socket.timeout, TimeoutError, urllib.error.URLError):
        timed_out = True
    check(timed_out, 'no client timeout')
    time.sleep(1.2)
    t = time.time()
    check(N.ok('getblockcount') == 203, 'count')
    check(time.time() - t >= 1.4, 'not delayed: %.2f' % (time.time() - t))
    N.ok('fake_mode', [{'delay_ms': 0}])
    t = time.time()
    N.ok('getblockcount')
    check(time.time() - t < 1.0, 'still delayed')


@test('garbage: HTTP 200 <html>not json</html>; fake_mode still JSON')
def _():
    N.ok('fake_mode', [{'garbage': True}])
    for m in ('getblockcount', 'name_show'):
        st, _, body = N.http(json.dumps({'id': 1, 'method': m,
                                         'params': ['d/demo']}))
        check(st == 200 and body == b'<html>not json</html>',
              '%s: HTTP %d %r' % (m, st, body))
    st, _, body = N.http('not even json')
    check(st == 200 and body == b'<html>not json</html>', repr(body))
    m = N.ok('fake_mode', [{'garbage': False}])
    check(m['garbage'] is False, repr(m))
    check(N.ok('getblockcount') == 203, 'back')


@test('http500_html: HTTP 500 with a non-JSON HTML body')
def _():
    N.ok('fake_mode', [{'http500_html': True}])
    st, _, body = N.http('{"id":1,"method":"getblockcount"}')
    check(st == 500 and body.lstrip().startswith(b'<html'), repr(body))
    try:
        json.loads(body)
        check(False, 'body is JSON')
    except ValueError:
        pass
    N.ok('fake_mode', [{'http500_html': False}])
    check(N.ok('getblockcount') == 203, 'back')


@test('body over 1 MiB: 413; 1 MiB accepted')
def _():
    st, _, _ = N.http(b'x' * ((1 << 20) + 1))
    check(st == 413, 'HTTP %d' % st)
    body = b'{"id":1,"method":"getblockcount"}'
    body += b' ' * ((1 << 20) - len(body))
    st, _, raw = N.http(body)
    check(st == 200 and json.loads(raw)['result'] == 203, 'HTTP %d' % st)


def auth_line(auth=AUTH):
    return ('Authorization: Basic %s\r\n' % base64.b64encode(
        ('%s:%s' % auth).encode()).decode()).encode()


@test('Expect: 100-continue: "HTTP/1.1 100 Continue" before the body')
def _():
    body = b'{"id":9,"method":"getblockcount"}'
    s = socket.create_connection(('127.0.0.1', N.port), timeout=5)
    s.sendall(b'POST / HTTP/1.1\r\nHost: x\r\n' + auth_line() +
              b'Expect: 100-continue\r\nContent-Length: %d\r\n\r\n'
              % len(body))
    first = s.recv(4096)
    check(first == b'HTTP/1.1 100 Continue\r\n\r\n', repr(first))
    s.sendall(body)
    out = b''
    while True:
        c = s.recv(65536)
        if not c:
            break
        out += c
    s.close()
    check(out.startswith(b'HTTP/1.1 200 OK\r\n') and
          out.endswith(b'{"result":203,"error":null,"id":9}\n'), repr(out))
    check(b'\r\nConnection: close\r\n' in out, 'no Connection: close')


@test('request trickled in 3-byte pieces: answered')
def _():
    body = b'{"id":3,"method":"getblockcount"}'
    req = (b'POST /wallet/x HTTP/1.1\r\nHost: x\r\n' + auth_line() +
           b'Content-Length: %d\r\n\r\n' % len(body) + body)
    out = N.raw(req, chunk=3, pause=0.002)
    check(out.startswith(b'HTTP/1.1 200 OK') and
          out.endswith(b'{"result":203,"error":null,"id":3}\n'), repr(out))


@test('malformed HTTP requests get 4xx (or a close) and do not kill it')
def _():
    cases = [
        b'garbage\r\n\r\n',
        b'\x00\x01\x02\xff\r\n\r\n',
        b'POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n',
        b'POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n',
        b'POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n',
        b'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
        b'POST / HTTP/1.1\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\n',
        b'POST / HTTP/1.1\r\nX: ' + b'a' * 70000 + b'\r\n\r\n',
        b'POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nshort',
        b'POST / HTTP/1.1\r\nAuthorization: Basic ' + b'A' * 9000 +
        b'\r\nContent-Length: 2\r\n\r\n{}',
        b'POST / HTTP/1.1\r\nAuthorization: Basic YWxpY2U=\r\n'
        b'Content-Length: 2\r\n\r\n{}',
        b' / HTTP/1.1\r\n\r\n',
        b'POST\r\n\r\n',
        b'\r\n\r\n',
        b'POST / HTTP/1.1\r\nno colon here\r\nContent-Length: 0\r\n\r\n',
    ]
    for data in cases:
        out = N.raw(data, timeout=3)
        check(out == b'' or re.match(rb'^HTTP/1\.1 4\d\d ', out),
              '%r -> %r' % (data[:60], out[:80]))
    check(N.ok('getblockcount') == 203, 'dead after malformed requests')


@test('random and odd JSON-RPC bodies: answered, no crash')
def _():
    rnd = random.Random(1234)
    odd = ['{"id":1,"method":"name_show","params":[%s]}' % p for p in (
        '"d/demo",{"valueEncoding":null}', '"d/demo",[]', '{}', '[]',
        '"d/demo",{"nameEncoding":"hex"}', '"642f64656d6f",'
        '{"nameEncoding":"hex","valueEncoding":"hex"}', '"zz",'
        '{"nameEncoding":"hex"}', '"d/\\u0000x"', '"d/\\u00e9"',
        '1e400', '"d/demo",{"allowExpired":"no"}')]
    odd += ['{"id":1,"method":"%s","params":%s}' % (m, p)
            for m in ('getblockcount', 'getblockhash', 'generatetoaddress',
                      'name_update', 'fake_setname', 'fake_mode', 'stop2')
            for p in ('[]', '[null]', '[1.5]', '[-1]', '[9e18, "a"]',
                      '[true, false, null, 1]', '{"x":1}', 'null',
                      '[[1], {"a": [2]}]', '["", ""]')]
    odd += ['[' * 5000, '{"a":' * 3000, '[]', '[[]]', '"str"', 'null',
            '{"id":1,"method":"getblockcount","params":[],"id":2}']
    for _ in range(150):
        n = rnd.randrange(0, 200)
        odd.append(bytes(rnd.randrange(256) for _ in range(n)))
    for body in odd:
        st, _, raw = N.http(body, timeout=10)
        check(st in (200, 400, 404, 500), '%r: HTTP %d' % (body[:60], st))
        json.loads(raw)
    check(N.proc.poll() is None, 'exited')
    check(N.ok('getblockcount') >= 203, 'dead')


@test('-v logs one line per request on stderr')
def _():
    log = N.stderr()
    check('getblockcount -> 200' in log and '-> 401' in log, log[-500:])


@test('-C: DATADIR/.cookie is "__cookie__:" + 64 hex, mode 0600')
def _():
    st = os.stat(CTX['cookie'])
    check(stat.S_IMODE(st.st_mode) == 0o600, oct(st.st_mode))
    with open(CTX['cookie']) as f:
        txt = f.read()
    check(re.match(r'^__cookie__:[0-9a-f]{64}$', txt), repr(txt))
    CTX['cookie_auth'] = tuple(txt.split(':', 1))
    check(C.port == CTX['cport'] and C.host == '127.0.0.1', C.line)


@test('-C: the cookie authenticates; -u given too is also accepted')
def _():
    st, rep = C.call('getblockcount', auth=CTX['cookie_auth'])
    check(st == 200 and rep['result'] == 100, repr(rep))
    st, rep = C.call('getblockcount', auth=('bob', 'pw'))
    check(st == 200 and rep['result'] == 100, repr(rep))


@test('-C: a wrong cookie gets 401')
def _():
    st, _, body = C.http('{"id":1,"method":"getblockcount"}',
                         auth=('__cookie__', '0' * 64))
    check(st == 401 and body == b'', 'HTTP %d' % st)


@test('-C: SIGTERM exits 0 and removes the cookie')
def _():
    rc = C.terminate()
    check(rc == 0, 'exit status %r' % rc)
    check(not os.path.exists(CTX['cookie']), 'cookie left behind')
    check(sanitizer_clean(C.stderr()), C.stderr()[-2000:])


@test('IPv6 -l ::1 prints "listening on [::1]:PORT" and answers')
def _():
    try:
        s = socket.socket(socket.AF_INET6)
        s.bind(('::1', 0))
        s.close()
    except OSError:
        return 'SKIP no IPv6 loopback'
    n6 = Node(BIN, ['-l', '::1', '-p', '0', '-u', 'a:b'], WORK, 'v6')
    try:
        check(n6.host == '[::1]', n6.line)
        st, rep = n6.call('getblockcount', auth=('a', 'b'))
        check(st == 200 and rep['result'] == 100, repr(rep))
    finally:
        rc = n6.terminate()
    check(rc == 0, 'exit %r' % rc)


@test('stop method: "Namecoin Core stopping", exits 0 (and no '
      'sanitizer reports)')
def _():
    st, rep = N.call('stop', [])
    check(st == 200 and rep['result'] == 'Namecoin Core stopping', repr(rep))
    try:
        rc = N.proc.wait(10)
    except subprocess.TimeoutExpired:
        rc = None
    check(rc == 0, 'exit %r' % rc)
    N.terminate()
    check(sanitizer_clean(N.stderr()), N.stderr()[-2000:])


@test('SIGTERM while idle and during a delayed reply: exit 0')
def _():
    n = Node(BIN, ['-p', '0', '-u', 'a:b'], WORK, 'term')
    rc = n.terminate()
    check(rc == 0, 'idle: exit %r' % rc)
    check(sanitizer_clean(n.stderr()), n.stderr()[-2000:])
    n = Node(BIN, ['-p', '0', '-u', 'a:b'], WORK, 'term2')
    st, _ = n.call('fake_mode', [{'delay_ms': 60000}], auth=('a', 'b'))
    s = socket.create_connection(('127.0.0.1', n.port), timeout=5)
    s.sendall(b'POST / HTTP/1.1\r\n' + auth_line(('a', 'b')) +
              b'Content-Length: 2\r\n\r\n{}')
    time.sleep(0.3)
    t = time.time()
    rc = n.terminate()
    s.close()
    check(rc == 0 and time.time() - t < 5, 'delayed: exit %r after %.1f s'
          % (rc, time.time() - t))
    check(sanitizer_clean(n.stderr()), n.stderr()[-2000:])


@test('bad command lines and state files: exit non-zero')
def _():
    bad_state = os.path.join(WORK, 'bad.json')
    with open(bad_state, 'w') as f:
        f.write('{"height": "x"}')
    for args in (['-p', '0'], ['-u', 'a:b'], ['-p', 'x', '-u', 'a:b'],
                 ['-p', '0', '-u', 'nocolon'],
                 ['-p', '0', '-u', 'a:b', '-l', 'localhost'],
                 ['-p', '0', '-u', 'a:b', '-s', bad_state],
                 ['-p', '0', '-u', 'a:b', '-s', '/nonexistent.json'],
                 ['-p', '0', '-C', '/nonexistent/dir']):
        p = subprocess.run([BIN] + args, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=10)
        check(p.returncode != 0, '%r: exit 0' % args)
        check(sanitizer_clean(p.stderr.decode(errors='replace')),
              p.stderr.decode(errors='replace')[-2000:])


# ---- the real node's behaviours, each from Namecoin Core's sources ----
# A fresh node (default state: regtest, names expire after 30 blocks).

def real():
    if 'R' not in CTX:
        CTX['R'] = Node(BIN, ['-p', '0', '-u', 'a:b'], WORK, 'real')
    return CTX['R']


def rcall(method, params=None, path='/'):
    r = real()
    req = json.dumps({'id': 1, 'method': method, 'params': params or []})
    rq = urllib.request.Request(r.url().rstrip('/') + path,
                                data=req.encode(), method='POST')
    rq.add_header('Authorization', 'Basic ' +
                  base64.b64encode(b'a:b').decode())
    try:
        with urllib.request.urlopen(rq, timeout=10) as f:
            return f.status, json.loads(f.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b'null')


def rok(method, params=None, path='/'):
    st, rep = rcall(method, params, path)
    check(st == 200 and rep['error'] is None,
          '%s %r: HTTP %d %r' % (method, params, st, rep))
    return rep['result']


def rerr(method, params, code, msg, path='/'):
    st, rep = rcall(method, params, path)
    err = rep and rep.get('error')
    check(st == 500 and err and err['code'] == code and
          msg in err['message'], '%s %r: HTTP %d %r, wanted %d %r'
          % (method, params, st, rep, code, msg))
    return err['message']


NO_WALLET = ('No wallet is loaded. Load a wallet using loadwallet or create '
             'a new one with createwallet. (Note: A default wallet is no '
             'longer automatically created)')


def mine(n=1):
    rok('generatetoaddress', [n, 'ncrt1qfakeaddress'])


@test('real: names expire after 30 blocks on regtest '
      '(consensus/params.h RegTestConsensus)')
def _():
    rok('fake_setname', ['d/exp', 'v'])
    h = rok('getblockcount')
    r = rok('name_show', ['d/exp'])
    check(r['height'] == h and r['expires_in'] == 30, repr(r))
    mine(29)
    check(rok('name_show', ['d/exp'])['expires_in'] == 1, 'one left')
    mine(1)
    rerr('name_show', ['d/exp'], -4, "name expired: 'd/exp'")


@test('real: -4 messages quote the name, 0x+hex when not ASCII '
      '(rpc/names.cpp, names/encoding.cpp EncodeNameForMessage)')
def _():
    m = rerr('name_show', ['d/none'], -4, 'name never existed')
    check(m == "name never existed: 'd/none'", m)
    m = rerr('name_show', ['642f00ff', {'nameEncoding': 'hex'}], -4, '')
    check(m == 'name never existed: 0x642f00ff', m)


@test('real: expired names are -4 unless allowExpired (default false, '
      'rpc/names.h DEFAULT_ALLOWEXPIRED)')
def _():
    m = rerr('name_show', ['d/exp', {'allowExpired': False}], -4, '')
    check(m == "name expired: 'd/exp'", m)
    r = rok('name_show', ['d/exp', {'allowExpired': True}])
    check(r['expired'] is True and r['expires_in'] == 0, repr(r))
    rerr('name_show', ['d/exp', {'allowExpired': 1}], -3,
         'for field allowExpired is not of expected type bool')


@test('real: ASCII is bytes 0x20..0x7f, DEL included '
      '(names/encoding.cpp IsStringValid)')
def _():
    rok('fake_setname', ['d/del', '', None, {'encoding_raw_hex': '417f'}])
    check(rok('name_show', ['d/del'])['value'] == 'A\x7f', 'DEL')
    rok('fake_setname', ['d/tab', 'a\tb'])
    r = rok('name_show', ['d/tab'])
    check(r.get('value_error') == 'invalid data for ascii', repr(r))
    check(rok('name_show', ['d/tab', {'valueEncoding': 'utf8'}])['value']
          == 'a\tb', 'utf8')


@test('real: value_error for bytes no encoding carries; name_error too '
      '(names/encoding.cpp AddEncodedNameToUniv)')
def _():
    rok('fake_setname', ['d/raw', '', None, {'encoding_raw_hex': 'ff00'}])
    r = rok('name_show', ['d/raw', {'valueEncoding': 'utf8'}])
    check('value' not in r and r['value_error'] == 'invalid data for utf8'
          and r['value_encoding'] == 'utf8', repr(r))
    check(rok('name_show', ['d/raw', {'valueEncoding': 'hex'}])['value']
          == 'ff00', 'hex')
    rok('fake_setname', ['d/\u00e9', 'x'])
    r = rok('name_show', ['d/\u00e9', {'nameEncoding': 'utf8'}])
    check(r['name'] == 'd/\u00e9', repr(r))
    rows = [x for x in rok('name_list') if 'name_error' in x]
    check(rows and rows[0]['name_error'] == 'invalid data for ascii',
          repr(rows))


@test('real: -1000 "Name/value is invalid for encoding X" '
      '(rpc/protocol.h RPC_NAME_INVALID_ENCODING, rpc/names.cpp)')
def _():
    rok('fake_setname', ['d/upd', 'v'])
    m = rerr('name_update', ['d/upd', 'caf\u00e9'], -1000, '')
    check(m == 'Name/value is invalid for encoding ascii', m)
    rerr('name_update', ['d/upd', 'zz', {'valueEncoding': 'hex'}], -1000,
         'encoding hex')
    rerr('name_show', ['d/\u00e9'], -1000, 'encoding ascii')
    rok('name_update', ['d/upd', 'caf\u00e9', {'valueEncoding': 'utf8'}])
    mine()
    check(rok('name_show', ['d/upd', {'valueEncoding': 'utf8'}])['value']
          == 'caf\u00e9', 'utf8 update')


@test('real: name_update NAME [VALUE] [OPTIONS]: no value keeps it '
      '(wallet/rpc/walletnames.cpp)')
def _():
    rok('fake_setname', ['d/keep', 'kept'])
    h = rok('getblockcount')
    rok('name_update', ['d/keep'])
    mine()
    r = rok('name_show', ['d/keep'])
    check(r['value'] == 'kept' and r['height'] == h + 1, repr(r))
    rok('name_update', ['d/keep', None, {'valueEncoding': 'utf8'}])
    rerr('name_update', ['d/keep', 'x', {'destAddress': 'bogus'}], -25,
         'too many pending')
    mine()
    rerr('name_update', ['d/keep', 'x', {'destAddress': 'bogus'}], -5,
         'invalid address')


@test('real: -limitnamechains (default 1): "there are already too many '
      'pending operations on this name" (names/mempool.h, walletnames.cpp)')
def _():
    rok('name_update', ['d/keep', 'a'])
    m = rerr('name_update', ['d/keep', 'b'], -25, '')
    check(m == 'there are already too many pending operations on this '
          'name', m)
    mine()
    n = Node(BIN, ['-p', '0', '-u', 'a:b', '-L', '2'], WORK, 'limit2')
    try:
        n.call('fake_setname', ['d/c', 'v'], auth=('a', 'b'))
        for v, ok in (('1', True), ('2', True), ('3', False)):
            st, rep = n.call('name_update', ['d/c', v], auth=('a', 'b'))
            check((rep['error'] is None) == ok, repr(rep))
        n.call('generatetoaddress', [1, 'n'], auth=('a', 'b'))
        st, rep = n.call('name_show', ['d/c'], auth=('a', 'b'))
        check(rep['result']['value'] == '2', repr(rep))
    finally:
        n.terminate()


@test('real: name_pending lists mempool updates with ismine and op '
      '(rpc/names.cpp name_pending)')
def _():
    txid = rok('name_update', ['d/keep', 'p'])
    r = rok('name_pending')
    check(len(r) == 1 and list(r[0]) == [
        'name', 'name_encoding', 'value', 'value_encoding', 'txid', 'vout',
        'address', 'ismine', 'op'], repr(r))
    check(r[0]['name'] == 'd/keep' and r[0]['value'] == 'p' and
          r[0]['txid'] == txid and r[0]['ismine'] is True and
          r[0]['op'] == 'name_update', repr(r))
    check(rok('name_pending', ['d/other']) == [], 'filter')
    mine()
    check(rok('name_pending') == [], 'mined')


@test('real: ismine in name_show and name_list; a name not ours: -6 '
      '"Not found pre-selected input" (walletnames.cpp, wallet/spend.cpp)')
def _():
    rok('fake_setname', ['d/theirs', 'v', None, {'ismine': False}])
    r = rok('name_show', ['d/theirs'])
    check(r['ismine'] is False and list(r)[-1] == 'ismine', repr(r))
    check(rok('name_show', ['d/keep'])['ismine'] is True, 'mine')
    names = [x['name'] for x in rok('name_list') if 'name' in x]
    check('d/keep' in names and 'd/theirs' not in names and
          names == sorted(names), repr(names))
    r = rok('name_list', ['d/keep'])
    check(len(r) == 1 and list(r[0])[7:] == ['ismine', 'height',
                                              'expires_in', 'expired'],
          repr(r))
    m = rerr('name_update', ['d/theirs', 'x'], -6, '')
    check(re.match(r'^Not found pre-selected input COutPoint\([0-9a-f]{10}'
                   r', 0\)$', m), m)


@test('real: name_new gives [txid, rand]; name_firstupdate mined 12 '
      'blocks after it (names/main.h MIN_FIRSTUPDATE_DEPTH, node/miner.cpp)')
def _():
    txid, rand = rok('name_new', ['d/reg'])
    check(HEX64.match(txid) and re.match(r'^[0-9a-f]{40}$', rand), rand)
    rerr('name_firstupdate', ['d/reg', rand, txid, 'v'], -25,
         'previous txid not found')
    mine()
    h = rok('getblockcount')
    rerr('name_firstupdate', ['d/reg', '00' * 20, txid, 'v'], -25,
         'rand value is wrong')
    rerr('name_firstupdate', ['d/reg', 'xyz', txid, 'v'], -8,
         "rand must be hexadecimal string (not 'xyz')")
    rerr('name_firstupdate', ['d/other', rand, txid, 'v'], -25,
         'rand value is wrong')
    ftx = rok('name_firstupdate', ['d/reg', rand, txid, 'val'])
    rerr('name_firstupdate', ['d/reg', rand, txid, 'v'], -25,
         'this name is already being registered')
    p = rok('name_pending', ['d/reg'])
    check(p[0]['op'] == 'name_firstupdate' and p[0]['txid'] == ftx, repr(p))
    mine(11)
    rerr('name_show', ['d/reg'], -4, 'name never existed')
    mine(1)
    r = rok('name_show', ['d/reg'])
    check(r['value'] == 'val' and r['height'] == h + 12 and
          r['txid'] == ftx and r['expires_in'] == 30, repr(r))
    rerr('name_new', ['d/reg'], -25, 'this name exists already')
    rok('name_new', ['d/reg', {'allowExisting': True}])


@test('real: name_firstupdate without rand/tx finds the wallet\'s '
      'name_new (walletnames.cpp), "this name is already active"')
def _():
    rok('name_new', ['d/auto'])
    rerr('name_firstupdate', ['d/nonew'], -25,
         'scan for previous txid failed')
    mine()
    rok('name_firstupdate', ['d/auto'])
    mine(12)
    check(rok('name_show', ['d/auto'])['value'] == '', 'empty value')
    txid, rand = rok('name_new', ['d/auto', {'allowExisting': True}])
    mine()
    rerr('name_firstupdate', ['d/auto', rand, txid, 'x'], -25,
         'this name is already active')


@test('real: a locked wallet is -13; walletpassphrase/walletlock '
      '(wallet/rpc/util.cpp, encrypt.cpp)')
def _():
    rerr('walletlock', [], -15, 'running with an unencrypted wallet, but '
         'walletlock was called.')
    rok('fake_mode', [{'wallet_locked': True}])
    for m, p in (('name_update', ['d/keep', 'x']), ('name_new', ['d/l'])):
        msg = rerr(m, p, -13, '')
        check(msg == 'Error: Please enter the wallet passphrase with '
              'walletpassphrase first.', msg)
    rerr('walletpassphrase', ['wrong', 10], -14, 'Error: The wallet '
         'passphrase entered was incorrect.')
    rerr('walletpassphrase', ['fake-passphrase', -1], -8,
         'Timeout cannot be negative.')
    check(rok('walletpassphrase', ['fake-passphrase', 60]) is None, 'un')
    check(rok('fake_mode')['wallet_locked'] is False, 'unlocked')
    rok('name_update', ['d/keep', 'unlocked'])
    rok('walletlock')
    rerr('name_new', ['d/l'], -13, 'walletpassphrase')
    rok('walletpassphrase', ['fake-passphrase', 1])
    time.sleep(1.2)
    rerr('name_new', ['d/l'], -13, 'walletpassphrase')
    rok('fake_mode', [{'wallet_locked': False}])
    mine()


@test('real: fee estimation and funds are -6 (wallet/spend.cpp, '
      'wallet/rpc/spend.cpp SendMoney)')
def _():
    rok('fake_mode', [{'fee_estimation_fails': True}])
    m = rerr('name_update', ['d/keep', 'x'], -6, '')
    check(m == 'Fee estimation failed. Fallbackfee is disabled. Wait a few '
          'blocks or enable -fallbackfee.', m)
    rok('fake_mode', [{'fee_estimation_fails': False, 'no_funds': True}])
    m = rerr('name_new', ['d/poor'], -6, '')
    check(m == 'Insufficient funds', m)
    rok('fake_mode', [{'no_funds': False}])
    check(rok('name_pending') == [], 'nothing sent')


@test('real: no wallet -18, two wallets -19, /wallet/NAME selects one '
      '(wallet/rpc/util.cpp GetWalletForJSONRPCRequest)')
def _():
    rok('fake_mode', [{'wallets': 0}])
    rerr('name_list', [], -18, NO_WALLET)
    rok('fake_mode', [{'wallets': 2}])
    m = rerr('name_update', ['d/keep', 'x'], -19, '')
    check(m == 'Multiple wallets are loaded. Please select which wallet to '
          'use by requesting the RPC through the /wallet/<walletname> URI '
          'path.', m)
    check('ismine' not in rok('name_show', ['d/keep']), 'ismine with -19')
    check(rok('name_show', ['d/keep'], path='/wallet/w1')['ismine'] is True,
          'w1 owns it')
    check(rok('name_show', ['d/keep'], path='/wallet/w2')['ismine']
          is False, 'w2 does not')
    rerr('name_list', [], -18, 'Requested wallet does not exist or is not '
         'loaded', path='/wallet/w3')
    rok('name_update', ['d/keep', 'w1'], path='/wallet/w1')
    rerr('name_update', ['d/theirs', 'x'], -6, 'pre-selected',
         path='/wallet/w2')
    rok('fake_mode', [{'wallets': 1}])
    mine()


@test('real: wallet enabled, none loaded: name_show and name_pending are '
      '-18 too, MaybeWalletForRequest lets only -19 through '
      '(rpc/names.cpp, wallet/rpc/util.cpp)')
def _():
    rok('fake_mode', [{'wallets': 0}])
    try:
        for m, p in (('name_show', ['d/keep']), ('name_pending', []),
                     ('name_pending', ['d/keep'])):
            msg = rerr(m, p, -18, '')
            check(msg == NO_WALLET, '%s: %r' % (m, msg))
        # name_show looks the name up before it asks for a wallet
        rerr('name_show', ['d/none'], -4, "name never existed: 'd/none'")
        rerr('name_show', ['d/keep', {'allowExpired': 1}], -3, 'bool')
        check(isinstance(rok('getblockcount'), int), 'node RPCs work')
    finally:
        rok('fake_mode', [{'wallets': 1}])


@test('real: /wallet/NAME of no loaded wallet: name_show and name_pending '
      '-18 "Requested wallet does not exist or is not loaded" '
      '(wallet/rpc/util.cpp GetWalletForJSONRPCRequest)')
def _():
    for m, p in (('name_show', ['d/keep']), ('name_pending', [])):
        msg = rerr(m, p, -18, '', path='/wallet/w3')
        check(msg == 'Requested wallet does not exist or is not loaded',
              '%s: %r' % (m, msg))
    check(isinstance(rok('getblockcount', path='/wallet/w3'), int),
          'getblockcount has no wallet handler')
    check(rok('name_show', ['d/keep'], path='/wallet/w1')['ismine'] is True,
          'w1')


@test('real: -disablewallet: name_show and name_pending without ismine, '
      'wallet RPCs -32601 "Method not found" with HTTP 404 '
      '(wallet/init.cpp WalletInit::Construct, rpc/server.cpp, httprpc.cpp)')
def _():
    txid = rok('name_update', ['d/keep', 'dw'])
    m = rok('fake_mode', [{'disablewallet': True, 'wallets': 0}])
    check(m['disablewallet'] is True, repr(m))
    try:
        for path in ('/', '/wallet/w1', '/wallet/w3'):
            r = rok('name_show', ['d/keep'], path=path)
            check('ismine' not in r and r['name'] == 'd/keep',
                  '%s: %r' % (path, r))
        r = rok('name_pending')
        check(len(r) == 1 and r[0]['txid'] == txid and 'ismine' not in r[0],
              repr(r))
        for meth, p in (('name_list', []), ('name_update', ['d/keep', 'x']),
                        ('name_new', ['d/n']), ('name_firstupdate', ['d/n']),
                        ('walletlock', []),
                        ('walletpassphrase', ['fake-passphrase', 1])):
            for path in ('/', '/wallet/w1'):
                st, rep = rcall(meth, p, path)
                err = rep and rep.get('error')
                check(st == 404 and rep['result'] is None and err ==
                      {'code': -32601, 'message': 'Method not found'},
                      '%s %s: HTTP %d %r' % (meth, path, st, rep))
        rok('fake_mode', [{'wallets': 2}])
        check('ismine' not in rok('name_show', ['d/keep'], path='/wallet/w1'),
              'wallets do not matter')
    finally:
        rok('fake_mode', [{'disablewallet': False, 'wallets': 1}])
    mine()
    r = rok('name_show', ['d/keep'])
    check(r['ismine'] is True and r['value'] == 'dw', repr(r))


@test('real: only "/" and "/wallet/..." are served: 404 '
      '(httprpc.cpp handlers)')
def _():
    st, _ = rcall('getblockcount', path='/other')
    check(st == 404, 'HTTP %d' % st)


@test('real: getblockchaininfo blocks, headers, initialblockdownload, '
      'time, mediantime (rpc/blockchain.cpp)')
def _():
    r = rok('getblockchaininfo')
    keys = list(r)
    check(keys[:11] == ['chain', 'blocks', 'headers', 'bestblockhash',
                        'bits', 'difficulty', 'target', 'time',
                        'mediantime', 'verificationprogress',
                        'initialblockdownload'], repr(keys))
    check(r['headers'] == r['blocks'] and abs(r['time'] - time.time()) < 5
          and r['mediantime'] <= r['time'] and r['warnings'] == [], repr(r))
    rok('fake_mode', [{'headers_ahead': 7, 'tip_age': 7200}])
    r = rok('getblockchaininfo')
    check(r['headers'] == r['blocks'] + 7 and
          abs(r['time'] - (time.time() - 7200)) < 5, repr(r))
    rok('fake_mode', [{'headers_ahead': 0, 'tip_age': 0, 'ibd': True}])
    check(rok('getblockchaininfo')['initialblockdownload'] is True, 'ibd')
    rok('fake_mode', [{'ibd': False}])


@test('real: -P owner|group|all sets the cookie mode 0600/0640/0644 '
      '(httprpc.cpp -rpccookieperms, util/fs_helpers.cpp)')
def _():
    for perm, mode in (('owner', 0o600), ('group', 0o640), ('all', 0o644)):
        d = os.path.join(WORK, 'perm-' + perm)
        os.mkdir(d)
        n = Node(BIN, ['-p', '0', '-C', d, '-P', perm], WORK, 'p' + perm)
        try:
            m = stat.S_IMODE(os.stat(os.path.join(d, '.cookie')).st_mode)
            check(m == mode, '%s: %o' % (perm, m))
        finally:
            n.terminate()
    p = subprocess.run([BIN, '-p', '0', '-C', WORK, '-P', 'world'],
                       stderr=subprocess.PIPE, timeout=10)
    check(p.returncode != 0 and b"must be one of 'owner', 'group', or "
          b"'all'" in p.stderr, repr(p.stderr))


@test('real node: stops cleanly, no sanitizer reports')
def _():
    r = real()
    rc = r.terminate()
    check(rc == 0 and sanitizer_clean(r.stderr()), r.stderr()[-2000:])


def main():
    global N, C, BIN, WORK
    if len(sys.argv) != 2:
        sys.stderr.write('usage: %s PATH/TO/fake-namecoind\n' % sys.argv[0])
        return 2
    BIN = os.path.abspath(sys.argv[1])
    print('TAP version 13')
    print('1..%d' % len(T))
    sys.stdout.flush()
    with tempfile.TemporaryDirectory(prefix='fake-namecoind.') as WORK:
        CTX['demo'] = '{"ip":"1.2.3.4","map":{"*":{"ip":"1.2.3.4"}}}'
        state = {'height': 200, 'expire_depth': 100, 'names': {
            'd/demo': {'value': CTX['demo'], 'height': 150},
            'd/uni': {'value': 'caf\u00e9 \u2603', 'height': 199},
            'd/old': {'value': '{"old":true}', 'height': 50},
        }}
        spath = os.path.join(WORK, 'state.json')
        with open(spath, 'w') as f:
            json.dump(state, f)
        datadir = os.path.join(WORK, 'datadir')
        os.mkdir(datadir)
        CTX['cookie'] = os.path.join(datadir, '.cookie')
        CTX['cport'] = free_port()
        failed = 0
        try:
            N = Node(BIN, ['-p', '0', '-u', '%s:%s' % AUTH, '-s', spath,
                           '-v'], WORK, 'main')
            C = Node(BIN, ['-l', '127.0.0.1', '-p', str(CTX['cport']),
                           '-C', datadir, '-u', 'bob:pw'], WORK, 'cookie')
        except Exception as e:
            print('# could not start: %s' % e)
            for n in (N, C):
                if n is not None:
                    n.terminate()
            for i, (desc, _) in enumerate(T, 1):
                print('not ok %d - %s' % (i, desc))
            return 1
        try:
            for i, (desc, fn) in enumerate(T, 1):
                try:
                    skip = fn()
                    if isinstance(skip, str) and skip.startswith('SKIP'):
                        print('ok %d - %s # %s' % (i, desc, skip))
                    else:
                        print('ok %d - %s' % (i, desc))
                except Exception as e:
                    failed += 1
                    print('not ok %d - %s' % (i, desc))
                    for line in ('%s: %s' % (type(e).__name__, e)) \
                            .splitlines()[:20]:
                        print('#   ' + line)
                sys.stdout.flush()
        finally:
            for n in (N, C):
                if n.proc.poll() is None:
                    n.terminate()
        if failed:
            print('# %d of %d failed' % (failed, len(T)))
        return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
