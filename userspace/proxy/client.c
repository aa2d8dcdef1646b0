// SPDX-License-Identifier: GPL-2.0
/*
 * mlt-proxy connect: a TCP connection to a virtual address (redirected to
 * the proxy by the nftables rule of its unit, or accepted on an address it
 * listens on) becomes an AF_MINIMALT connection to the name that holds the
 * address, at the service the port maps to (portmap.h). The client's first
 * bytes go in the create's datagram: the proxy holds back from reading the
 * MinimaLT side until they came (or first_data_ms passed, for protocols
 * where the server speaks first). A failure ends the TCP side with a reset.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6/ip6_tables.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hosts.h"
#include "mltnl.h"
#include "proxy.h"

/*
 * The address the client connected to: the one before the nftables
 * redirect (SO_ORIGINAL_DST), else the local address it reached.
 */
static int original_dst(int fd, struct sockaddr_storage *ss)
{
	socklen_t len = sizeof(*ss);

	memset(ss, 0, sizeof(*ss));
	if (!getsockopt(fd, SOL_IP, SO_ORIGINAL_DST, ss, &len) ||
	    !getsockopt(fd, SOL_IPV6, IP6T_SO_ORIGINAL_DST, ss, &len))
		return 0;
	len = sizeof(*ss);
	return getsockname(fd, (struct sockaddr *)ss, &len);
}

/* The name behind a virtual address: 0, or an errno. */
static int name_of(const struct sockaddr_storage *ss, char *name,
		   uint16_t *port)
{
	const struct sockaddr_in *s4 = (const void *)ss;
	const struct sockaddr_in6 *s6 = (const void *)ss;
	struct in6_addr mapped;
	struct mltnl_vaddr v;
	const void *a;
	struct mltnl *h;
	int af = ss->ss_family, ret;

	if (af == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
		mapped = s6->sin6_addr;
		af = AF_INET;
		a = &mapped.s6_addr[12];
		*port = ntohs(s6->sin6_port);
	} else if (af == AF_INET) {
		a = &s4->sin_addr;
		*port = ntohs(s4->sin_port);
	} else if (af == AF_INET6) {
		a = &s6->sin6_addr;
		*port = ntohs(s6->sin6_port);
	} else {
		return EAFNOSUPPORT;
	}
	if (!nss_is_vaddr(af, a))
		return ENOENT;
	h = mltnl_open(0, NULL);
	if (!h)
		return ENXIO;
	ret = mltnl_vaddr_lookup(h, af, a, &v);
	mltnl_close(h);
	if (ret)
		return -ret;
	memcpy(name, v.name, MLT_NAME_MAX);
	return 0;
}

static void peer_text(int fd, char *buf, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char a[INET6_ADDRSTRLEN] = "?";
	uint16_t port = 0;

	if (!getpeername(fd, (struct sockaddr *)&ss, &sl)) {
		if (ss.ss_family == AF_INET) {
			inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr,
				  a, sizeof(a));
			port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		} else {
			inet_ntop(AF_INET6,
				  &((struct sockaddr_in6 *)&ss)->sin6_addr, a,
				  sizeof(a));
			port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
		}
	}
	snprintf(buf, len, ss.ss_family == AF_INET6 ? "[%s]:%u" : "%s:%u", a,
		 port);
}

int client_accept(struct proxy *px, int lfd)
{
	struct sockaddr_mlt sa = { 0 };
	struct sockaddr_storage dst;
	char name[MLT_NAME_MAX] = "?", from[64], desc[200];
	uint16_t port = 0, service;
	int fd, m, err;

	fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return -1;
	px->st.accepted++;
	peer_text(fd, from, sizeof(from));
	if (px->max_conns && px->st.active >= px->max_conns) {
		proxy_log("%s: refused, %u connections already", from,
			  px->max_conns);
		px->st.failed[FAIL_LIMIT]++;
		reset_close(fd);
		return 0;
	}
	err = original_dst(fd, &dst) ? errno : name_of(&dst, name, &port);
	if (err) {
		proxy_log("%s: no name holds the address it connected to: %s",
			  from, strerror(err));
		px->st.failed[FAIL_NONAME]++;
		reset_close(fd);
		return 0;
	}
	service = portmap_service(&px->map, name, port);
	snprintf(desc, sizeof(desc), "%s -> %s port %u (service %u)", from,
		 name, port, service);

	m = socket(px->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	sa.smlt_family = (sa_family_t)px->family;
	sa.smlt_service = service;
	memcpy(sa.smlt_name, name, sizeof(sa.smlt_name));
	err = m < 0 ? errno :
	      connect(m, (struct sockaddr *)&sa, sizeof(sa)) ? errno : 0;
	if (err && err != EINPROGRESS) {
		proxy_log("conn - %s: failed: %s", desc, strerror(err));
		px->st.failed[err == ECONNREFUSED ? FAIL_REFUSED :
			      err == ETIMEDOUT ? FAIL_TIMEOUT :
			      FAIL_NONAME]++;
		if (m >= 0)
			close(m);
		reset_close(fd);
		return 0;
	}
	if (relay_start(px, fd, m, err == EINPROGRESS, true, NULL, 0, desc)) {
		px->st.failed[FAIL_RESET]++;
		close(m);
		reset_close(fd);
	}
	return 0;
}
