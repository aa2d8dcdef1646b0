/* SPDX-License-Identifier: GPL-2.0 */
/*
 * JSON-RPC transport: one HTTP POST to the node with libcurl, Basic
 * authentication, a time limit, and a cap on the reply's size.
 */
#ifndef NMC_HTTP_H
#define NMC_HTTP_H

#include <stddef.h>

#define HTTP_REPLY_MAX	(1 << 20)	/* a longer reply is refused */

struct http_reply {
	long status;		/* HTTP status, e.g. 200, 401, 500 */
	char *body;		/* NUL-terminated, malloc'd */
	size_t len;
};

/* Once per process, before any thread: curl_global_init(). */
int http_init(void);
void http_exit(void);

/*
 * POST @body (application/json) to @url as @userpass ("user:password"),
 * waiting at most @timeout_ms in all. Returns 0 with @out filled whatever
 * the HTTP status, or -1 with err (errlen bytes) saying why no reply came
 * (connection refused, timed out, reply too large...). The caller frees
 * out->body with http_reply_free().
 */
int http_post(const char *url, const char *userpass, long timeout_ms,
	      const char *body, struct http_reply *out, char *err,
	      size_t errlen);
void http_reply_free(struct http_reply *r);

#endif /* NMC_HTTP_H */
