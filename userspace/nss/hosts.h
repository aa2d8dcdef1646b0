/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure half of libnss_minimalt: which names it answers, and how an
 * answer is laid out in the caller's buffer as glibc's NSS interface wants
 * it (struct hostent, or a list of struct gaih_addrtuple). No netlink, no
 * system calls: the unit tests run it on the host under ASan and UBSan.
 */
#ifndef MLT_NSS_HOSTS_H
#define MLT_NSS_HOSTS_H

#include <netdb.h>
#include <nss.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/minimalt.h>

/* What nss_bit_name() found. */
enum nss_name_kind {
	NSS_NAME_BIT,		/* a .bit name, normalised */
	NSS_NAME_OTHER,		/* not ours: another source answers it */
	NSS_NAME_INVALID,	/* ends in .bit but is no directory name */
};

/*
 * Whether @in is a name this module answers: NAME.bit or a subdomain of
 * it, any case, with or without the root's trailing dot. @out gets it in
 * the directory's form (lowercase, no trailing dot) for NSS_NAME_BIT.
 */
enum nss_name_kind nss_bit_name(const char *in, char out[MLT_NAME_MAX]);

/* Whether @addr (4 or 16 bytes, by @af) lies in the virtual ranges. */
int nss_is_vaddr(int af, const void *addr);

/*
 * Fill @h with @name and the one address @addr of family @af (4 or 16
 * bytes), its strings and arrays in @buf. Returns 0, or ERANGE when
 * @buflen is too small (the caller retries with a larger buffer).
 */
int nss_fill_hostent(struct hostent *h, const char *name, int af,
		     const void *addr, char *buf, size_t buflen);

/*
 * Fill *@pat with two tuples, @name's IPv4 address @v4 then its IPv6
 * address @v6, in @buf. A tuple the caller passed in *@pat is used for
 * the first, as glibc's own modules do. Returns 0 or ERANGE.
 */
int nss_fill_tuples(struct gaih_addrtuple **pat, const char *name,
		    const uint8_t v4[4], const uint8_t v6[16], char *buf,
		    size_t buflen);

#endif /* MLT_NSS_HOSTS_H */
