/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MinimaLT wire protocol constants: every number of the protocol, in one
 * place. Documentation/protocol.rst is the specification; each constant
 * here is named there. This header compiles in the kernel and in userspace.
 */
#ifndef _MLT_PROTOCOL_H
#define _MLT_PROTOCOL_H

#include "pure.h"

/* Protocol version, carried in every tunnel-opening packet. */
#define MLT_VERSION			1

/* Cleartext header. */
#define MLT_TID_FLAG_PUBKEY		BIT_ULL(63)	/* P: opening packet */
#define MLT_TID_FLAG_PUZZLE		BIT_ULL(62)	/* Z: puzzle present */
#define MLT_TID_MASK			(BIT_ULL(62) - 1)
#define MLT_HDR_LEN			16	/* tid, nonce */
#define MLT_EPH_ID_LEN			8	/* prefix of the server's S' */
#define MLT_PUBKEY_LEN			32	/* X25519 public key */
#define MLT_PUBKEY_EXT_LEN		(1 + MLT_EPH_ID_LEN + MLT_PUBKEY_LEN)
#define MLT_PUZZLE_LEN			48	/* challenge field with Z; puzzle.h */

/*
 * DoS puzzle (kernel/puzzle.h): a stateless cookie and a hash puzzle in the
 * 48-byte field. Times are the server's clock in seconds.
 */
#define MLT_PUZZLE_COOKIE_LEN		32	/* keyed BLAKE2s-256 in the field */
#define MLT_PUZZLE_SECRET_LEN		32	/* one server cookie secret */
#define MLT_PUZZLE_SECRETS		2	/* secrets kept: key_id 0 and 1 */
#define MLT_PUZZLE_MSG_LEN		64	/* bytes the cookie authenticates */
#define MLT_PUZZLE_BITS_MAX		24	/* hardest difficulty a field carries */
#define MLT_PUZZLE_SKEW			2	/* s an issue time may be ahead of now */
#define MLT_PUZZLE_TTL			30	/* s a challenge is valid after issue */
#define MLT_PUZZLE_SECRET_LIFE		120	/* s per secret generation */
#define MLT_PUZZLE_TRIGGER_DIV		4	/* challenge from 1/4 of a full queue */
#define MLT_PUZZLE_AFTER_RETIRE		30	/* s of challenges after a retirement */
#define MLT_PUZZLE_MIN_BITS		8	/* default difficulty at the trigger */
#define MLT_PUZZLE_MAX_BITS		20	/* default difficulty at a full queue */
#define MLT_PUZZLE_COOKIE_OFF		8	/* the cookie's offset in the field */
#define MLT_PUZZLE_SOLUTION_OFF		40	/* the solution's offset */
#define MLT_PUZZLE_SLICE		4096	/* a client's tries between checks */

/* AEAD: ChaCha20-Poly1305 (RFC 8439). */
#define MLT_KEY_SIZE			32
#define MLT_TAG_LEN			16

/* Encrypted body: seq, ack, then RPCs, then zero padding. */
#define MLT_BODY_HDR_LEN		8
#define MLT_RPC_HDR_LEN			7	/* conn u32, type u8, len u16 */

/*
 * Sizes (UDP payload bytes). Every tunnel starts at the base, which fits
 * the IPv6 minimum MTU (1280 - 40 - 8); opening packets are padded to it,
 * so a server never answers an unauthenticated packet with more bytes than
 * it received. A sender may raise its datagrams to the path's size, found
 * by probing (see pmtu.h), up to the maximum any host accepts: a 1500-byte
 * Ethernet MTU less the IPv4 and UDP headers.
 */
#define MLT_BASE_DATAGRAM		1232
#define MLT_MAX_DATAGRAM		1472
#define MLT_PAD_MULTIPLE		16
#define MLT_MIN_DATAGRAM		(MLT_HDR_LEN + MLT_BODY_HDR_LEN + \
					 MLT_TAG_LEN)
/* A puzzle challenge: header, puzzle field, a body header and tag of zeros. */
#define MLT_CHALLENGE_LEN		(MLT_MIN_DATAGRAM + MLT_PUZZLE_LEN)

/* RPC types. DATA travels on connection c != 0, the others on 0. */
enum mlt_rpc_type {
	MLT_RPC_PAD		= 0,	/* the rest of the body is padding */
	MLT_RPC_DATA		= 1,	/* bytes of connection c's stream */
	MLT_RPC_CREATE		= 16,	/* c u32, service u16, window u64 */
	MLT_RPC_ACK		= 17,	/* c u32, window u64 */
	MLT_RPC_REFUSE		= 18,	/* c u32, reason u16 */
	MLT_RPC_CLOSE		= 19,	/* c u32, how u8 */
	MLT_RPC_WINDOW_SIZE	= 20,	/* c u32, limit u64 */
	MLT_RPC_NEXT_TID	= 21,	/* reserved: rekey and mobility */
	MLT_RPC_REKEY_NOW	= 22,	/* reserved: rekey */
	MLT_RPC_PUZZ		= 23,	/* reserved: DoS puzzles */
	MLT_RPC_PUZZ_SOLN	= 24,	/* reserved: DoS puzzles */
	MLT_RPC_CREATE_AUTH	= 25,	/* reserved: client authentication */
	MLT_RPC_SACK		= 26,	/* delay u32, echo u64, n u8, ranges */
};

/*
 * Selective acknowledgment (MLT_RPC_SACK): at most MLT_SACK_MAX ranges of
 * seq received above the cumulative acknowledgment in one RPC; a receiver
 * tracks at most MLT_RX_RANGES_MAX such ranges and drops a datagram that
 * would open one more.
 */
#define MLT_SACK_MAX			16
#define MLT_RX_RANGES_MAX		32
/* Ranges a datagram with RPCs keeps room for; its SACK has what fits. */
#define MLT_SACK_DATA_RANGES		4

/* MLT_RPC_REFUSE reasons. */
#define MLT_REFUSE_NO_SERVICE		1	/* no listener: ECONNREFUSED */
#define MLT_REFUSE_BUSY			2	/* backlog or limit full */
#define MLT_REFUSE_DUPLICATE		3	/* connection id in use */

/* MLT_RPC_CLOSE how. */
#define MLT_CLOSE_FIN			0	/* no more data from the sender */
#define MLT_CLOSE_ABORT			1	/* drop the connection at once */

/* Nonces: per direction, never reused; the sender stops before the limit. */
#define MLT_REKEY_AFTER_MESSAGES	BIT_ULL(60)
#define MLT_REJECT_AFTER_MESSAGES	(~0ULL - BIT_ULL(13))
#define MLT_REPLAY_WINDOW		2048	/* bits */
/* The nonce of a reject notice, which no datagram of a tunnel reaches. */
#define MLT_NONCE_REJECT		(~0ULL)
/* The nonce of a puzzle challenge, which no datagram of a tunnel reaches. */
#define MLT_NONCE_CHALLENGE		(~0ULL - 1)
/*
 * The nonce of a key-moved notice, which no datagram of a tunnel reaches,
 * and the notice's size: a bare header, the new S', the tag.
 */
#define MLT_NONCE_MOVED			(~0ULL - 2)
#define MLT_MOVED_DATAGRAM		(MLT_HDR_LEN + MLT_KEY_LEN + MLT_TAG_LEN)
/* Notices one client tunnel follows before it gives up (EHOSTUNREACH). */
#define MLT_MOVES_MAX			3

/* Ordering and flow control. */
#define MLT_INITIAL_WINDOW		65536	/* bytes before windowSize */
#define MLT_REORDER_SLACK		65536	/* reorder bytes beyond 2x window */
#define MLT_REORDER_RELEASE_MS		10000	/* a gap held this long: drop */

/* Reliability: RFC 6298 retransmission timer, in milliseconds. */
#define MLT_RTO_INITIAL_MS		1000
#define MLT_RTO_MIN_MS			200
#define MLT_RTO_MAX_MS			60000
#define MLT_DELAYED_ACK_MS		25
#define MLT_ACK_EVERY			2	/* packets before an ack is due */

/* Loss detection, RACK (RFC 8985 6.2). */
#define MLT_DUPTHRESH			3	/* delivered above a hole */
#define MLT_REO_WND_PERSIST		16	/* recoveries a widening lasts */

/* Congestion window, in packets (RFC 5681, RFC 6928), and pacing. */
#define MLT_CWND_INITIAL		10
#define MLT_CWND_MIN			2
#define MLT_PACE_BURST_US		1000	/* lateness a sender catches up */
#define MLT_PACE_QUANTUM_US		1000	/* a datagram may leave this early */
#define MLT_AUTOTUNE_RTT_MS		100	/* autotuning's RTT before a sample */

/* Datagram size search (DPLPMTUD, RFC 8899), see pmtu.h. */
#define MLT_PMTU_MAX_PROBES		3	/* losses before a size fails */
#define MLT_PMTU_STEP			32	/* the search stops this close */
#define MLT_PMTU_PROBE_GAP_MS		1000	/* after a lost probe */
#define MLT_PMTU_RAISE_MS		600000	/* a finished search again */

/* Until its address is validated, a client gets at most this many times
 * the bytes it sent (RFC 9000 8.1).
 */
#define MLT_AMP_FACTOR			3

/* Tunnel lifetime. */
#define MLT_TUNNEL_IDLE_MS		180000	/* no connections, no traffic */

/* Limits of what a peer can make the kernel hold (and the uapi's). */
#define MLT_CTL_QUEUE_MAX		64	/* refuse/abort awaiting room */

#endif /* _MLT_PROTOCOL_H */
