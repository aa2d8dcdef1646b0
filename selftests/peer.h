/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A MinimaLT client in userspace, for tests that need to send the server
 * exactly what a hostile peer would: any seq, any RPC, any amount of data,
 * windows ignored. Written from the kernel's own code: the key schedule of
 * kernel/crypto.c (X25519, keyed BLAKE2s, ChaCha20-Poly1305 with the
 * 64-bit nonce), the codec of kernel/wire.c (compiled in userspace), and
 * the opening and acknowledgment rules of kernel/send.c and receive.c.
 *
 * One struct peer is one tunnel over its own UDP socket. Reliable bodies
 * go through a small go-back-N sender (peer_send_reliable()); raw bodies
 * with any seq through peer_send_body(). Every datagram of the server is
 * opened, validated and acted on by peer_pump(): its ack advances
 * snd_una, its in-order reliable bodies update the connections (ack,
 * windowSize, close, refuse, data) and are acknowledged.
 */
#ifndef MLT_PEER_H
#define MLT_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire.h"

#define PEER_CONNS_MAX	8	/* connections one peer tracks */
#define PEER_TXQ	64	/* reliable bodies kept for retransmission */
#define PEER_RTO_MS	500	/* fixed: go back N after this long */
/* The peer's bodies: those of base-size datagrams (it never probes). */
#define PEER_BODY_MAX	(MLT_BASE_DATAGRAM - MLT_HDR_LEN - MLT_TAG_LEN)
/* The DATA RPCs of one byte a full body without P holds: 149. */
#define PEER_TINY_PER_BODY \
	((PEER_BODY_MAX - MLT_BODY_HDR_LEN) / (MLT_RPC_HDR_LEN + 1))
/* The stream bytes one DATA RPC of a full body without P holds: 1185. */
#define PEER_DATA_PER_BODY \
	(PEER_BODY_MAX - MLT_BODY_HDR_LEN - MLT_RPC_HDR_LEN)

/**
 * struct peer_conn - one connection, as the peer sees it
 * @id: the connection id (odd: the peer creates them)
 * @acked: the server sent ack(c, window)
 * @refused: the server sent refuse(c, @refuse_reason)
 * @fin: the server sent close(c, FIN)
 * @aborted: the server sent close(c, ABORT)
 * @refuse_reason: see @refused
 * @tx_limit: the server's receive limit for @id (ack, windowSize)
 * @tx_off: stream bytes sent on @id
 * @rx_off: stream bytes received on @id
 * @rx_buf: the first @rx_cap of them, when the caller set it
 * @rx_cap: see @rx_buf
 */
struct peer_conn {
	u32 id;
	bool acked, refused, fin, aborted;
	u16 refuse_reason;
	u64 tx_limit;
	u64 tx_off;
	u64 rx_off;
	u8 *rx_buf;
	size_t rx_cap;
};

/* A reliable body kept until the server acknowledges its seq. */
struct peer_txd {
	u32 seq;
	u16 len;
	u8 body[MLT_BODY_MAX_LEN];
};

/**
 * struct peer - one tunnel to a kernel server
 * @fd: the UDP socket, connected to the server
 * @tid: the tunnel id (no flags)
 * @keys: c2s (tx) and s2c (rx)
 * @tx_nonce: the next nonce to seal with
 * @heard: a datagram of the server authenticated: P is no longer sent
 * @snd_nxt: the seq of the next reliable body
 * @snd_una: the server's cumulative ack
 * @rcv_nxt: the next seq expected from the server
 * @ack_owed: a reliable body of the server awaits our ack
 * @inflight_max: reliable bodies in flight before peer_send_reliable() waits
 * @last_tx_ms: when the oldest unacked body was last (re)sent
 * @txq: the reliable bodies, at seq % %PEER_TXQ
 * @conns: the connections created, @nconns of them
 * @next_conn: the next connection id
 * @rx_ok: datagrams of the server authenticated
 * @rx_bad: datagrams that failed to decode, authenticate or validate
 * @retransmits: reliable bodies sent again
 * @challenges: puzzle challenges the server answered our openings with;
 *	the last one's field is @challenge
 * @has_puzzle: our openings carry @puzzle (Z), a solved challenge
 */
struct peer {
	int fd;
	u64 tid;
	u8 c_priv[32], c_pub[32], s_id[32], s_eph[32];
	u8 tx_key[32], rx_key[32];
	u64 tx_nonce;
	bool heard;
	u32 snd_nxt, snd_una, rcv_nxt;
	bool ack_owed;
	bool echo_valid;	/* a reliable datagram came: its nonce is echo */
	u64 echo;
	unsigned int inflight_max;
	u64 last_tx_ms;
	struct peer_txd *txq;
	struct peer_conn conns[PEER_CONNS_MAX];
	unsigned int nconns;
	u32 next_conn;
	u64 rx_ok, rx_bad, retransmits;
	u64 challenges;
	u8 challenge[MLT_PUZZLE_LEN];
	bool has_puzzle;
	u8 puzzle[MLT_PUZZLE_LEN];
};

/* BLAKE2s-256 (RFC 7693), keyed when @keylen > 0. */
void peer_blake2s(u8 out[32], const void *msg, size_t len, const u8 *key,
		  size_t keylen);
/*
 * The kernel's key schedule (kernel/crypto.c mlt_crypto_derive()) from its
 * two X25519 results es (c' with S', or s' with C') and ss (c' with S, or
 * the identity's s with C'); @rej, the reject key, may be NULL.
 */
void peer_schedule(u8 c2s[32], u8 s2c[32], u8 rej[32], const u8 es[32],
		   const u8 ss[32], const u8 s_identity[32], const u8 s_eph[32],
		   const u8 c_pub[32], u64 tid);
/* A client's keys: both X25519 from c', then peer_schedule(). */
int peer_derive(u8 c2s[32], u8 s2c[32], u8 rej[32], const u8 c_priv[32],
		const u8 s_identity[32], const u8 s_eph[32],
		const u8 c_pub[32], u64 tid);
/* ChaCha20-Poly1305 with the kernel's nonce layout: seal @len bytes. */
void peer_seal(u8 *dst, const u8 *src, size_t len, const u8 *ad,
	       size_t adlen, u64 nonce, const u8 key[32]);
/* Open @len bytes (tag included) in place; whether the tag verified. */
bool peer_open_sealed(u8 *buf, size_t len, const u8 *ad, size_t adlen,
		      u64 nonce, const u8 key[32]);
/* Known answers: BLAKE2s (RFC 7693) and the kernel's crypto self-test. */
int peer_selftest(void);

int peer_open(struct peer *p, const char *ipv4, u16 port,
	      const u8 identity[32], const u8 eph[32]);
int peer_open_env(struct peer *p, const char *ipv4);
void peer_close(struct peer *p);

u64 peer_now_ms(void);
void peer_body_start(struct peer *p, struct mlt_body_enc *enc, u8 *buf,
		     u32 seq);
int peer_key_b64(u8 key[32], const char *b64);
int peer_seal_body(struct peer *p, const u8 *body, size_t len, u8 *dgram);
int peer_send_body(struct peer *p, const u8 *body, size_t len);
int peer_send_reliable(struct peer *p, struct mlt_body_enc *enc);
int peer_send_ack(struct peer *p);
int peer_pump(struct peer *p, int timeout_ms);
int peer_flush(struct peer *p, int timeout_ms);
int peer_retransmit(struct peer *p);
int peer_wait(struct peer *p, bool (*done)(struct peer *p, void *arg),
	      void *arg, int timeout_ms);

struct peer_conn *peer_conn(struct peer *p, u32 id);
struct peer_conn *peer_create(struct peer *p, u16 service, u64 window,
			      const void *data, size_t len);
int peer_send_data(struct peer *p, struct peer_conn *c, const void *data,
		   size_t len, size_t record);
int peer_fill_body(struct peer *p, struct mlt_body_enc *enc,
		   struct peer_conn *c, size_t record);

#endif
