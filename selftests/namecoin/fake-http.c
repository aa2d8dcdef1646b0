// SPDX-License-Identifier: GPL-2.0
/*
 * fake-namecoind's HTTP server, as Bitcoin Core's (httpserver.cpp,
 * httprpc.cpp): one POST per connection, its head and body read within a
 * timeout, the request checks and their statuses, "100 Continue", the
 * served paths, Basic auth, the reply modes of fake_mode, and the replies.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "fake.h"

#define BODY_MAX	(1 << 20)
#define HEAD_MAX	(64 << 10)
#define IO_TIMEOUT_MS	10000

bool verbose;
const char *req_uri = "/";

static const char *reason(int status)
{
	switch (status) {
	case 100: return "Continue";
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 411: return "Length Required";
	case 413: return "Payload Too Large";
	case 417: return "Expectation Failed";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	default: return "Unknown";
	}
}

static bool write_all(int fd, const char *buf, size_t len, long long deadline)
{
	ssize_t n;

	while (len) {
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return false;
		if (now_ms() >= deadline ||
		    wait_for(fd, POLLOUT, deadline - now_ms()) < 0)
			return false;
	}
	return true;
}

static void send_reply(int fd, int status, const char *ctype,
		       const char *extra, const char *body, size_t len)
{
	char head[512];
	int n;

	n = snprintf(head, sizeof(head),
		     "HTTP/1.1 %d %s\r\n%s%s%sContent-Length: %zu\r\n"
		     "Connection: close\r\n\r\n",
		     status, reason(status), ctype ? "Content-Type: " : "",
		     ctype ? ctype : "", ctype ? "\r\n" : "", len);
	if (extra && n > 0 && (size_t)n < sizeof(head)) {
		/* insert extra headers before the blank line */
		n -= 2;
		n += snprintf(head + n, sizeof(head) - (size_t)n,
			      "%s\r\n\r\n", extra);
	}
	if (n < 0 || (size_t)n >= sizeof(head))
		return;
	if (write_all(fd, head, (size_t)n, now_ms() + IO_TIMEOUT_MS) && len)
		write_all(fd, body, len, now_ms() + IO_TIMEOUT_MS);
}

#define TEXT_HTML "text/html; charset=ISO-8859-1"
#define HTML_500 "<html><head><title>500 Internal Server Error</title>" \
	"</head><body><h1>Internal Server Error</h1></body></html>\n"

static void send_text(int fd, int status, const char *body)
{
	send_reply(fd, status, TEXT_HTML, NULL, body, strlen(body));
}

static void send_json(int fd, int status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
			     JSON_ENCODE_ANY);
	size_t len;

	if (!s)
		die("out of memory (dump)");
	len = strlen(s);
	s = realloc(s, len + 2);
	if (!s)
		die("out of memory");
	s[len++] = '\n';	/* Core ends replies with a newline */
	s[len] = 0;
	send_reply(fd, status, "application/json", NULL, s, len);
	free(s);
}

/*
 * Case-insensitive header lookup in the header block, value trimmed:
 * 1 found, 0 absent, -1 present but longer than outlen allows.
 */
int header(const char *head, const char *name, char *out,
	    size_t outlen)
{
	size_t nlen = strlen(name);
	const char *p = strstr(head, "\r\n"), *end, *v;

	while (p && p[2] && !(p[2] == '\r' && p[3] == '\n')) {
		p += 2;
		end = strstr(p, "\r\n");
		if (!end)
			return 0;
		if ((size_t)(end - p) > nlen && p[nlen] == ':' &&
		    !strncasecmp(p, name, nlen)) {
			v = p + nlen + 1;
			while (v < end && (*v == ' ' || *v == '\t'))
				v++;
			while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
				end--;
			if ((size_t)(end - v) >= outlen)
				return -1;
			memcpy(out, v, (size_t)(end - v));
			out[end - v] = 0;
			return 1;
		}
		p = end;
	}
	return 0;
}

/* Read until the whole header block is in buf; its length, 0 if not. */
static size_t read_head(int fd, char *buf, size_t *got, long long deadline,
			int *status)
{
	char *end;
	ssize_t n;
	int r;

	for (;;) {
		buf[*got] = 0;
		end = memmem(buf, *got, "\r\n\r\n", 4);
		if (end)
			return (size_t)(end - buf) + 4;
		if (*got >= HEAD_MAX) {
			*status = 431;
			return 0;
		}
		n = recv(fd, buf + *got, HEAD_MAX - *got, 0);
		if (n > 0) {
			*got += (size_t)n;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			return 0;
		r = wait_for(fd, POLLIN, deadline - now_ms());
		if (r <= 0)
			return 0;
	}
}

static bool read_body(int fd, char *body, size_t have, size_t want,
		      long long deadline)
{
	ssize_t n;

	while (have < want) {
		n = recv(fd, body + have, want - have, 0);
		if (n > 0) {
			have += (size_t)n;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			return false;
		if (wait_for(fd, POLLIN, deadline - now_ms()) <= 0)
			return false;
	}
	return true;
}

/* After an early error reply: let the client finish sending, then close. */
static void drain(int fd)
{
	long long deadline = now_ms() + 2000;
	size_t total = 0;
	char buf[16384];
	ssize_t n;

	shutdown(fd, SHUT_WR);
	while (total < (8u << 20) && now_ms() < deadline) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n > 0) {
			total += (size_t)n;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			return;
		if (wait_for(fd, POLLIN, deadline - now_ms()) <= 0)
			return;
	}
}

static bool is_fake_mode(const json_t *req)
{
	const json_t *m = json_object_get(req, "method");

	return json_is_string(m) && !strcmp(json_string_value(m), "fake_mode");
}

static void logf_req(const char *peer, const char *what, int status)
{
	if (verbose)
		fprintf(stderr, "fake-namecoind: %s %s -> %d\n", peer, what,
			status);
}

/*
 * The reply modes (but for fake_mode's own calls): the delay, then
 * garbage or an HTML 500 in place of the answer. True when nothing more
 * is to be sent: they answered, or a stop came during the delay.
 */
static bool mode_answered(int fd, const char *peer, const json_t *req)
{
	if (req && is_fake_mode(req))
		return false;
	if (chain.delay_ms && !nap(chain.delay_ms))
		return true;
	if (chain.garbage) {
		send_text(fd, 200, "<html>not json</html>");
		logf_req(peer, "(garbage mode)", 200);
		return true;
	}
	if (chain.http500_html) {
		send_text(fd, 500, HTML_500);
		logf_req(peer, "(http500_html mode)", 500);
		return true;
	}
	return false;
}

/* Answer the JSON-RPC body of an authorised POST. */
static void serve_rpc(int fd, const char *peer, const char *body,
		      size_t len)
{
	json_error_t jerr;
	json_t *req, *rep;
	const char *mname;
	int status;

	req = json_loadb(body, len, JSON_ALLOW_NUL, &jerr);
	if (mode_answered(fd, peer, req)) {
		json_decref(req);
		return;
	}
	rep = rpc_answer(req, &status, &mname);
	send_json(fd, status, rep);
	logf_req(peer, mname, status);
	json_decref(rep);
	json_decref(req);
}

/* A request on its way in: its head, method, URI and body. */
struct request {
	int fd;
	const char *peer;
	long long deadline;
	char *buf;		/* the head; a C string once checked */
	size_t got;		/* bytes in buf */
	size_t hlen;		/* the head's length, blank line included */
	char meth[16];
	char uri[512];
	unsigned long long clen;
	char *body;
};

/* A request refused before its body is read: the status, then drain. */
static void refuse(const struct request *r, int status, const char *what)
{
	send_text(r->fd, status, "");
	logf_req(r->peer, what, status);
	drain(r->fd);
}

/* The request line's method and URI; false if it is malformed. */
static bool request_line(struct request *r)
{
	char *buf = r->buf, *sp1, *sp2, *eol;

	buf[r->hlen - 2] = 0;	/* header block ends with one CRLF */
	/* No NULs: the header block is a C string from here on. */
	eol = memchr(buf, 0, r->hlen - 2) ? NULL : strstr(buf, "\r\n");
	sp1 = eol ? memchr(buf, ' ', (size_t)(eol - buf)) : NULL;
	sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1)) : NULL;
	if (!sp1 || !sp2 || sp1 == buf ||
	    sp1 - buf >= (long)sizeof(r->meth) ||
	    strncmp(sp2 + 1, "HTTP/1.", 7))
		return false;
	memcpy(r->meth, buf, (size_t)(sp1 - buf));
	r->meth[sp1 - buf] = 0;
	snprintf(r->uri, sizeof(r->uri), "%.*s", (int)(sp2 - sp1 - 1),
		 sp1 + 1);
	return true;
}

/*
 * The body's length, by Content-Length (none: 0): 0, or the status that
 * refuses the request and *what to log.
 */
static int body_length(struct request *r, const char **what)
{
	char val[64], *endp;
	int h;

	if (header(r->buf, "Transfer-Encoding", val, sizeof(val))) {
		*what = "(chunked)";
		return 411;
	}
	h = header(r->buf, "Content-Length", val, sizeof(val));
	if (h) {
		errno = 0;
		r->clen = h > 0 ? strtoull(val, &endp, 10) : 0;
		if (h < 0 || !isdigit((unsigned char)val[0]) || *endp ||
		    errno) {
			*what = "(bad Content-Length)";
			return 400;
		}
	}
	if (r->clen > BODY_MAX) {
		*what = "(body too large)";
		return 413;
	}
	return 0;
}

/*
 * "Expect: 100-continue" (any other expectation: 417), with the interim
 * reply when the body is still to come. 0: go on, -1: the write failed.
 */
static int expect(const struct request *r, size_t have)
{
	char val[64];
	int h = header(r->buf, "Expect", val, sizeof(val));

	if (!h)
		return 0;
	if (h < 0 || strcasecmp(val, "100-continue"))
		return 417;
	if (have < r->clen &&
	    !write_all(r->fd, "HTTP/1.1 100 Continue\r\n\r\n", 25,
		       r->deadline))
		return -1;
	return 0;
}

/* Read and check the head, then read the body; false if that failed. */
static bool read_request(struct request *r)
{
	const char *what;
	int status = 400;
	size_t have;

	r->hlen = read_head(r->fd, r->buf, &r->got, r->deadline, &status);
	if (!r->hlen) {
		if (status == 431 || r->got)
			refuse(r, status, "(bad request head)");
		return false;
	}
	if (!request_line(r)) {
		refuse(r, 400, "(malformed request line)");
		return false;
	}
	status = body_length(r, &what);
	if (status) {
		refuse(r, status, what);
		return false;
	}
	have = r->got - r->hlen;
	if (have > r->clen)
		have = r->clen;	/* no pipelining */
	status = expect(r, have);
	if (status > 0)
		refuse(r, status, "(Expect)");
	if (status)
		return false;
	r->body = xmalloc(r->clen + 1);
	memcpy(r->body, r->buf + r->hlen, have);
	return read_body(r->fd, r->body, have, r->clen, r->deadline);
}

/* The path, the method and the credentials, then the call. */
static void answer(struct request *r)
{
	int a;

	/* Core's handlers: "/" exactly and the "/wallet/" prefix. */
	if (strcmp(r->uri, "/") && strncmp(r->uri, "/wallet/", 8)) {
		send_text(r->fd, 404, "");
		logf_req(r->peer, r->uri, 404);
		return;
	}
	req_uri = r->uri;
	if (strcmp(r->meth, "POST")) {
		send_text(r->fd, 405,
			  "JSONRPC server handles only POST requests");
		logf_req(r->peer, r->meth, 405);
		return;
	}
	a = check_auth(r->buf);
	if (a) {
		if (a == 2 && !nap(250))
			return;
		send_reply(r->fd, 401, TEXT_HTML,
			   "WWW-Authenticate: Basic realm=\"jsonrpc\"", "", 0);
		logf_req(r->peer, a == 1 ? "(no credentials)" :
			 "(wrong credentials)", 401);
		return;
	}
	serve_rpc(r->fd, r->peer, r->body, r->clen);
}

/* One connection: one request and its answer, then the write side shut. */
void serve(int fd, const char *peer)
{
	struct request r = {
		.fd = fd,
		.peer = peer,
		.deadline = now_ms() + IO_TIMEOUT_MS,
		.buf = xmalloc(HEAD_MAX + 1),
	};

	if (read_request(&r))
		answer(&r);
	req_uri = "/";
	shutdown(fd, SHUT_WR);
	free(r.body);
	free(r.buf);
}
