// SPDX-License-Identifier: GPL-2.0
/*
 * Publishing and rotating this host's keys; see publish.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/minimalt.h>

#include "kernel.h"
#include "log.h"
#include "publish.h"
#include "record.h"
#include "value_edit.h"
#include "wallet.h"

/* What one publishing step works with; p is NULL for "publish". */
struct pub_ctx {
	const struct config *cfg;
	struct node *node;
	struct mltnl *nl;
	struct publisher *p;
	long long height;	/* -1: unknown */
};

/*
 * A rotated key's lifetime in the kernel: it is wiped explicitly once its
 * successor is confirmed, so this only bounds a key whose helper died.
 */
static uint32_t key_lifetime(const struct config *cfg)
{
	unsigned long long s = 2ULL * cfg->rotate_interval +
			       (unsigned long long)cfg->confirmations *
			       cfg->block_time + cfg->grace + 600;

	if (!cfg->rotate_interval)
		s = MLT_EPH_LIFETIME_MAX;
	return s > MLT_EPH_LIFETIME_MAX ? MLT_EPH_LIFETIME_MAX : (uint32_t)s;
}

/* More ephemeral keys than the kernel keeps valid at once. */
#define PUBLISH_EPH_SEEN	16

/* The youngest valid key, or a new one; 0 or -1. */
static int current_key(const struct config *cfg, struct mltnl *nl,
		       uint8_t key[MLT_KEY_LEN])
{
	struct mltnl_eph *k, fresh;
	char err[512];
	int n, i, best = -1;

	n = mltnl_eph_list(nl, &k);
	if (n < 0) {
		log_err("publish: %s", kernel_err(nl, "reading the ephemeral keys",
						  err, sizeof(err)));
		return -1;
	}
	for (i = 0; i < n; i++)
		if (best < 0 || k[i].age < k[best].age)
			best = i;
	if (best >= 0)
		memcpy(key, k[best].public_key, MLT_KEY_LEN);
	free(k);
	if (best >= 0)
		return 0;
	if (mltnl_eph_rotate(nl, key_lifetime(cfg), &fresh) < 0) {
		log_err("publish: %s", kernel_err(nl, "making an ephemeral key",
						  err, sizeof(err)));
		return -1;
	}
	memcpy(key, fresh.public_key, MLT_KEY_LEN);
	return 0;
}

/* A wallet call failed: one line that says what to do. */
static void wallet_failed(const struct config *cfg, struct node *node,
			  const char *call, const char *err)
{
	enum wallet_problem wp = wallet_classify(node->last_code,
						 node->last_message);
	char line[768];

	if (wp == WALLET_OTHER) {
		log_err("publish %s: %s: %s", cfg->publish_name, call, err);
		return;
	}
	wallet_advice(wp, cfg->publish_name, cfg->url, node->last_message,
		      line, sizeof(line));
	log_err("publish %s: %s", cfg->publish_name, line);
}

/*
 * name_show said ismine false: with several wallets loaded and none in
 * the URL, the node leaves ismine out; getwalletinfo tells which.
 */
static void not_mine(const struct config *cfg, struct node *node)
{
	enum wallet_problem wp = WALLET_NOT_MINE;
	char err[512], line[768];

	if (wallet_check(node, err, sizeof(err)) != RPC_OK &&
	    (node->last_code == -18 || node->last_code == -19))
		wp = wallet_classify(node->last_code, node->last_message);
	wallet_advice(wp, cfg->publish_name, cfg->url, node->last_message,
		      line, sizeof(line));
	log_err("publish %s: %s", cfg->publish_name, line);
}

/* How long a sent update counts as pending when there is no name_pending. */
#define PENDING_BLOCKS	12

/*
 * Is an update of the name waiting for a block? 1 (txid set), 0, or -1
 * (logged). Without name_pending (an older node), the last txid this
 * process sent is pending until the record shows it or PENDING_BLOCKS
 * pass.
 */
static int update_pending(struct pub_ctx *c, const struct rpc_name *v,
			  char *txid)
{
	const char *name = c->cfg->publish_name;
	struct publisher *p = c->p;
	char err[512];
	bool pending;

	if (wallet_name_pending(c->node, name, &pending, txid, err,
				sizeof(err)) == RPC_OK)
		return pending;
	if (c->node->last_code != -32601) {
		wallet_failed(c->cfg, c->node, "name_pending", err);
		return -1;
	}
	if (!p || !p->sent_txid[0] || !strcmp(v->txid, p->sent_txid) ||
	    c->height < 0 || c->height >= p->sent_height + PENDING_BLOCKS)
		return 0;
	memcpy(txid, p->sent_txid, 65);
	return 1;
}

/* The name's state: RPC_OK or logged. */
static int show_name(struct pub_ctx *c, struct rpc_name *v)
{
	const char *name = c->cfg->publish_name;
	char err[512];

	switch (node_name_show(c->node, name, v, err, sizeof(err))) {
	case RPC_OK:
		return 0;
	case RPC_INVALID_VALUE:
		log_err("publish %s: the value is not valid UTF-8 text; not overwriting it",
			name);
		return -1;
	case RPC_NO_NAME:
	case RPC_EXPIRED:
		log_err("publish %s: %s: register it first (name_new, then name_firstupdate: see Documentation/namecoin.rst)",
			name, err);
		return -1;
	default:
		wallet_failed(c->cfg, c->node, "name_show", err);
		return -1;
	}
}

/* name_update to @value (NULL: renew); 0 or -1, logged. */
static int send_update(struct pub_ctx *c, const char *value, size_t len,
		       long long left)
{
	const char *name = c->cfg->publish_name;
	char err[512], txid[65];

	if (wallet_name_update(c->node, name, value, len, txid, err,
			       sizeof(err)) != RPC_OK) {
		wallet_failed(c->cfg, c->node, "name_update", err);
		return -1;
	}
	if (value)
		log_info("publish %s: name_update %s: %s", name, txid, value);
	else
		log_info("publish %s: name_update %s: renewed, %lld blocks were left",
			 name, txid, left);
	if (c->p) {
		memcpy(c->p->sent_txid, txid, sizeof(txid));
		c->p->sent_height = c->height;
	}
	return 0;
}

/*
 * Is the name due for renewal? Fewer than renew-blocks blocks left, but
 * never earlier than half its lifetime (the blocks from its last update to
 * its expiry, @tip - height + expires_in): a regtest name lives 30 blocks,
 * and renewing it on every block would help nothing.
 */
static int renew_due(const struct config *cfg, const struct rpc_name *v,
		     long long tip)
{
	long long at = cfg->renew_blocks, life;

	if (tip >= v->height) {
		life = v->expires_in + tip - v->height;
		if (at > life / 2)
			at = life / 2;
	}
	return v->expires_in < at;
}

/*
 * Put @eph in the record: name_update of the current value with this
 * host's minimalT object, every other byte kept; or renew it. Returns 1
 * if the record was up to date, 0 once updated or while an update is
 * pending, -1 on failure (logged).
 */
static int publish_key(struct pub_ctx *c, const uint8_t eph[MLT_KEY_LEN])
{
	const struct config *cfg = c->cfg;
	struct mltnl_status st;
	struct rpc_name v;
	char err[512], item[256], txid[65];
	char *value;
	long long tip;
	size_t len;
	int ret, same, renew;

	if (mltnl_status(c->nl, &st) < 0) {
		log_err("publish: %s", kernel_err(c->nl, "reading the status",
						  err, sizeof(err)));
		return -1;
	}
	if (!st.have_public_key) {
		log_err("publish: this host has no identity (mltctl identity set)");
		return -1;
	}
	if (value_minimalt(item, sizeof(item), st.config.udp_port,
			   st.public_key, eph, cfg->publish_ip,
			   err, sizeof(err)) < 0) {
		log_err("publish %s: %s", cfg->publish_name, err);
		return -1;
	}
	if (show_name(c, &v) < 0)
		return -1;
	same = value_edit_same(v.value, v.value_len, "minimalT", item, err,
			       sizeof(err));
	if (same < 0) {
		log_err("publish %s: %s; not overwriting it",
			cfg->publish_name, err);
		return -1;
	}
	tip = c->height;
	if (tip < 0 && node_block_count(c->node, &tip, err, sizeof(err)) !=
	    RPC_OK)
		tip = -1;
	renew = renew_due(cfg, &v, tip);
	if (same && !renew)
		return 1;
	if (!v.ismine) {
		not_mine(cfg, c->node);
		return -1;
	}
	ret = update_pending(c, &v, txid);
	if (ret) {
		if (ret > 0)
			log_info("publish %s: name_update %s is pending; waiting for a block",
				 cfg->publish_name, txid);
		return ret > 0 ? 0 : -1;
	}
	if (same)
		return send_update(c, NULL, 0, v.expires_in);
	value = value_edit_set(v.value, v.value_len, "minimalT", item, &len,
			       err, sizeof(err));
	if (!value) {
		log_err("publish %s: %s", cfg->publish_name, err);
		return -1;
	}
	ret = send_update(c, value, len, v.expires_in);
	free(value);
	return ret;
}

int publish_once(const struct config *cfg, struct node *node)
{
	uint8_t eph[MLT_KEY_LEN];
	char err[512];
	struct mltnl *nl;
	int ret;

	if (!cfg->publish_name[0]) {
		log_err("publish: no publish-name configured");
		return 2;
	}
	nl = kernel_open(0, err, sizeof(err));
	if (!nl) {
		log_err("%s", err);
		return 1;
	}
	ret = current_key(cfg, nl, eph);
	if (!ret) {
		struct pub_ctx c = { cfg, node, nl, NULL, -1 };

		ret = publish_key(&c, eph);
	}
	mltnl_close(nl);
	if (ret == 1)
		log_info("publish %s: the record is up to date",
			 cfg->publish_name);
	return ret < 0 ? 1 : 0;
}

void publisher_init(struct publisher *p, const struct config *cfg,
		    struct node *node, struct mltnl *nl)
{
	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	p->node = node;
	p->nl = nl;
	p->checked = -1;
}

/* Has the record named @key for the configured confirmations? */
static int confirmed(struct publisher *p, const uint8_t key[MLT_KEY_LEN],
		     long long height)
{
	struct rpc_name v;
	struct record rec;
	char err[512];

	if (height < 0 ||
	    node_name_show(p->node, p->cfg->publish_name, &v, err,
			   sizeof(err)) != RPC_OK ||
	    record_parse(v.value, v.value_len, &rec, err, sizeof(err)) !=
	    RECORD_OK || memcmp(rec.eph_key, key, MLT_KEY_LEN))
		return 0;
	return height - v.height + 1 >= (long long)p->cfg->confirmations;
}

time_t publisher_tick(struct publisher *p, time_t now, long long height)
{
	const struct config *cfg = p->cfg;
	struct pub_ctx c = { cfg, p->node, p->nl, p, height };
	char err[512];
	struct mltnl_eph fresh;

	if (now < p->next_try)
		goto out;
	p->next_try = now + cfg->poll_interval;
	switch (p->state) {
	case PUB_START:
		if (current_key(cfg, p->nl, p->cur) < 0 ||
		    publish_key(&c, p->cur) < 0)
			break;
		p->checked = height;
		p->state = PUB_IDLE;
		p->next_rotate = now + cfg->rotate_interval;
		break;
	case PUB_IDLE:
		/* Each new block: republish if changed, renew if due. */
		if (height >= 0 && height != p->checked &&
		    publish_key(&c, p->cur) >= 0)
			p->checked = height;
		if (!cfg->rotate_interval || now < p->next_rotate)
			break;
		/* 1: the new key first, so that it works once published. */
		if (mltnl_eph_rotate(p->nl, key_lifetime(cfg), &fresh) < 0) {
			log_err("rotate: %s",
				kernel_err(p->nl, "making an ephemeral key",
					   err, sizeof(err)));
			break;
		}
		memcpy(p->old, p->cur, MLT_KEY_LEN);
		memcpy(p->cur, fresh.public_key, MLT_KEY_LEN);
		p->state = PUB_CONFIRMING;
		p->next_rotate = now + cfg->rotate_interval;
		/* fall through - step 2, publish it */
	case PUB_CONFIRMING:
		if (publish_key(&c, p->cur) < 0)
			break;
		if (!confirmed(p, p->cur, height))
			break;
		log_info("rotate: the new key has %u confirmations; the old one goes in %u s",
			 cfg->confirmations, cfg->grace);
		p->state = PUB_GRACE;
		p->grace_end = now + cfg->grace;
		/* fall through */
	case PUB_GRACE:
		if (now < p->grace_end) {
			p->next_try = p->grace_end;
			break;
		}
		if (mltnl_eph_del(p->nl, p->old) < 0)
			log_warn("rotate: %s",
				 kernel_err(p->nl, "wiping an ephemeral key",
					    err, sizeof(err)));
		else
			log_info("rotate: the old ephemeral key is wiped");
		p->state = PUB_IDLE;
		break;
	}
	if (p->state == PUB_IDLE && cfg->rotate_interval &&
	    p->next_rotate < p->next_try)
		p->next_try = p->next_rotate;
out:
	return p->next_try;
}
