// SPDX-License-Identifier: GPL-2.0
/*
 * libnss_minimalt's pure half: see hosts.h.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdalign.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "hosts.h"
#include "name.h"
#include "vaddr_index.h"

#define BIT_SUFFIX	".bit"

enum nss_name_kind nss_bit_name(const char *in, char out[MLT_NAME_MAX])
{
	size_t len = strnlen(in, MLT_NAME_MAX + 1), sl = strlen(BIT_SUFFIX);
	size_t i;

	if (len && in[len - 1] == '.' && len <= MLT_NAME_MAX)
		len--;
	if (len < sl || strncasecmp(in + len - sl, BIT_SUFFIX, sl))
		return NSS_NAME_OTHER;
	if (len >= MLT_NAME_MAX)
		return NSS_NAME_INVALID;
	for (i = 0; i < len; i++) {
		char c = in[i];

		out[i] = c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
	}
	out[len] = '\0';
	/* ".bit" alone is the top-level domain, no server's name. */
	if (len == sl || mlt_name_check(out, len))
		return NSS_NAME_INVALID;
	return NSS_NAME_BIT;
}

int nss_is_vaddr(int af, const void *addr)
{
	if (af == AF_INET)
		return mlt_vaddr_index4(addr) != 0;
	return af == AF_INET6 && mlt_vaddr_index6(addr) != 0;
}

/* Take @size bytes aligned to @align from the buffer, or NULL. */
static void *take(char **buf, size_t *left, size_t size, size_t align)
{
	size_t pad = (align - (uintptr_t)*buf % align) % align;
	void *p;

	if (*left < pad || *left - pad < size)
		return NULL;
	p = *buf + pad;
	*buf += pad + size;
	*left -= pad + size;
	return p;
}

/* A copy of @name in the buffer, or NULL. */
static char *take_name(char **buf, size_t *left, const char *name)
{
	size_t n = strlen(name) + 1;
	char *p = take(buf, left, n, 1);

	if (p)
		memcpy(p, name, n);
	return p;
}

int nss_fill_hostent(struct hostent *h, const char *name, int af,
		     const void *addr, char *buf, size_t buflen)
{
	size_t alen = af == AF_INET ? 4 : 16;
	char **aliases, **list, *a, *n;

	n = take_name(&buf, &buflen, name);
	aliases = take(&buf, &buflen, sizeof(char *), alignof(char *));
	list = take(&buf, &buflen, 2 * sizeof(char *), alignof(char *));
	a = take(&buf, &buflen, alen, alignof(uint32_t));
	if (!n || !aliases || !list || !a)
		return ERANGE;
	memcpy(a, addr, alen);
	aliases[0] = NULL;
	list[0] = a;
	list[1] = NULL;
	h->h_name = n;
	h->h_aliases = aliases;
	h->h_addrtype = af;
	h->h_length = (int)alen;
	h->h_addr_list = list;
	return 0;
}

int nss_fill_tuples(struct gaih_addrtuple **pat, const char *name,
		    const uint8_t v4[4], const uint8_t v6[16], char *buf,
		    size_t buflen)
{
	struct gaih_addrtuple *t4 = *pat, *t6;
	char *n = take_name(&buf, &buflen, name);

	if (!t4)
		t4 = take(&buf, &buflen, sizeof(*t4),
			  alignof(struct gaih_addrtuple));
	t6 = take(&buf, &buflen, sizeof(*t6), alignof(struct gaih_addrtuple));
	if (!n || !t4 || !t6)
		return ERANGE;
	memset(t4, 0, sizeof(*t4));
	memset(t6, 0, sizeof(*t6));
	t4->next = t6;
	t4->name = n;
	t4->family = AF_INET;
	memcpy(t4->addr, v4, 4);
	t6->name = NULL;
	t6->family = AF_INET6;
	memcpy(t6->addr, v6, 16);
	*pat = t4;
	return 0;
}
