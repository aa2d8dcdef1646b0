// SPDX-License-Identifier: GPL-2.0
/*
 * JSON-RPC transport over libcurl; see http.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "http.h"

int http_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void http_exit(void)
{
	curl_global_cleanup();
}

struct sink {
	char *buf;
	size_t len;
	int too_big;
};

static size_t sink_write(char *data, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t add = size * n;
	char *p;

	if (add > HTTP_REPLY_MAX - s->len) {
		s->too_big = 1;
		return 0;	/* libcurl stops with CURLE_WRITE_ERROR */
	}
	p = realloc(s->buf, s->len + add + 1);
	if (!p)
		return 0;
	memcpy(p + s->len, data, add);
	s->buf = p;
	s->len += add;
	s->buf[s->len] = '\0';
	return add;
}

int http_post(const char *url, const char *userpass, long timeout_ms,
	      const char *body, struct http_reply *out, char *err,
	      size_t errlen)
{
	char cerr[CURL_ERROR_SIZE] = "";
	struct curl_slist *hdrs = NULL;
	struct sink s = { 0 };
	CURLcode rc;
	CURL *c;

	memset(out, 0, sizeof(*out));
	c = curl_easy_init();
	if (!c) {
		snprintf(err, errlen, "cannot start a libcurl handle");
		return -1;
	}
	hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
	/* No "Expect: 100-continue" round trip for small requests. */
	hdrs = curl_slist_append(hdrs, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	curl_easy_setopt(c, CURLOPT_USERPWD, userpass);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);

	rc = curl_easy_perform(c);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
		out->body = s.buf ? s.buf : calloc(1, 1);
		out->len = s.len;
		s.buf = NULL;
	} else if (s.too_big) {
		snprintf(err, errlen, "reply longer than %d bytes",
			 HTTP_REPLY_MAX);
	} else {
		snprintf(err, errlen, "%s", cerr[0] ? cerr :
			 curl_easy_strerror(rc));
	}
	free(s.buf);
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	if (rc == CURLE_OK && !out->body) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return rc == CURLE_OK ? 0 : -1;
}

void http_reply_free(struct http_reply *r)
{
	free(r->body);
	r->body = NULL;
	r->len = 0;
}
