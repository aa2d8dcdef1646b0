// SPDX-License-Identifier: GPL-2.0
/*
 * mlt-proxy serve: each AF_MINIMALT connection to the service becomes a
 * TCP connection to the backend, which may first get a PROXY protocol v2
 * header naming the client: its underlay address and UDP port, and its
 * ephemeral key C' in a TLV of type PPV2_TLV_MLT_CLIENT_KEY. The backend
 * refusing or failing ends the MinimaLT side, which the client sees as a
 * reset.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ppv2.h"
#include "proxy.h"

int server_accept(struct proxy *px, int lfd)
{
	struct sockaddr_mlt peer;
	socklen_t len = sizeof(peer);
	uint8_t hdr[PPV2_HEADER_MAX], dst[16] = { [10] = 0xff, [11] = 0xff };
	char a[INET6_ADDRSTRLEN] = "?", desc[200];
	size_t hlen = 0;
	int fd, b, err;

	fd = accept4(lfd, (struct sockaddr *)&peer, &len,
		     SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return -1;
	px->st.accepted++;
	if (len >= sizeof(peer) && peer.smlt_flags & MLT_ADDR_F_EXPLICIT)
		inet_ntop(AF_INET6, peer.smlt_explicit.addr, a, sizeof(a));
	else
		memset(&peer, 0, sizeof(peer));
	snprintf(desc, sizeof(desc), "[%s]:%u service %u -> backend", a,
		 peer.smlt_explicit.port, px->service);
	if (px->max_conns && px->st.active >= px->max_conns) {
		proxy_log("%s: refused, %u connections already", desc,
			  px->max_conns);
		px->st.failed[FAIL_LIMIT]++;
		close(fd);
		return 0;
	}
	if (px->proxy_protocol)
		hlen = ppv2_header(hdr, peer.smlt_explicit.addr,
				   peer.smlt_explicit.port, dst, px->service,
				   peer.smlt_explicit.eph_key);

	b = socket(px->to.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		   0);
	err = b < 0 ? errno :
	      connect(b, (struct sockaddr *)&px->to, px->to_len) ? errno : 0;
	if (err && err != EINPROGRESS) {
		proxy_log("conn - %s: failed: %s", desc, strerror(err));
		px->st.failed[err == ECONNREFUSED ? FAIL_REFUSED :
			      FAIL_RESET]++;
		if (b >= 0)
			close(b);
		close(fd);
		return 0;
	}
	if (relay_start(px, fd, b, err == EINPROGRESS, false, hdr, hlen,
			desc)) {
		px->st.failed[FAIL_RESET]++;
		close(b);
		close(fd);
	}
	return 0;
}
