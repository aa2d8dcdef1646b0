// SPDX-License-Identifier: GPL-2.0
/*
 * Publishing and rotating this host's keys; see publish.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/minimalt.h>

#include "log.h"
#include "publish.h"
#include "record.h"

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

/* The youngest valid key, or a new one; 0 or -1. */
static int current_key(const struct config *cfg, struct nl *nl,
		       uint8_t key[MLT_KEY_LEN])
{
	struct nl_eph k[MLT_EPH_MAX];
	char err[256];
	int n, i, best = -1;

	n = nl_eph_list(nl, k, MLT_EPH_MAX, err, sizeof(err));
	if (n < 0) {
		log_err("publish: %s", err);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (best < 0 || k[i].age < k[best].age)
			best = i;
	if (best >= 0) {
		memcpy(key, k[best].key, MLT_KEY_LEN);
		return 0;
	}
	if (nl_eph_rotate(nl, key_lifetime(cfg), key, err, sizeof(err)) < 0) {
		log_err("publish: %s", err);
		return -1;
	}
	return 0;
}

/*
 * Put @eph in the record: name_update of the current value with a new
 * minimalT object. Returns 1 if it was already there, 0 once updated,
 * -1 on failure (logged).
 */
static int publish_key(const struct config *cfg, struct node *node,
		       struct nl *nl, const uint8_t eph[MLT_KEY_LEN])
{
	uint8_t id[MLT_KEY_LEN];
	struct rpc_name v;
	struct record rec;
	char err[512], txid[65];
	uint16_t port;
	char *value;
	int ret;

	ret = nl_status(nl, id, &port, err, sizeof(err));
	if (ret <= 0) {
		log_err("publish: %s", ret < 0 ? err :
			"this host has no identity (mltctl identity set)");
		return -1;
	}
	if (node_name_show(node, cfg->publish_name, &v, err,
			   sizeof(err)) != RPC_OK) {
		log_err("publish %s: %s", cfg->publish_name, err);
		return -1;
	}
	if (record_parse(v.value, v.value_len, &rec, err, sizeof(err)) ==
	    RECORD_OK && rec.port == port &&
	    !memcmp(rec.id_key, id, MLT_KEY_LEN) &&
	    !memcmp(rec.eph_key, eph, MLT_KEY_LEN))
		return 1;
	value = record_publish_value(v.value, v.value_len, port, id, eph,
				     cfg->publish_ip, err, sizeof(err));
	if (!value) {
		log_err("publish %s: %s", cfg->publish_name, err);
		return -1;
	}
	ret = node_name_update(node, cfg->publish_name, value, txid, err,
			       sizeof(err));
	if (ret != RPC_OK) {
		log_err("publish %s: name_update: %s", cfg->publish_name, err);
	} else {
		log_info("publish %s: name_update %s: %s", cfg->publish_name,
			 txid, value);
	}
	free(value);
	return ret == RPC_OK ? 0 : -1;
}

int publish_once(const struct config *cfg, struct node *node)
{
	uint8_t eph[MLT_KEY_LEN];
	char err[256];
	struct nl nl;
	int ret;

	if (!cfg->publish_name[0]) {
		log_err("publish: no publish-name configured");
		return 2;
	}
	if (nl_open(&nl, 0, err, sizeof(err)) < 0) {
		log_err("%s", err);
		return 1;
	}
	ret = current_key(cfg, &nl, eph);
	if (!ret)
		ret = publish_key(cfg, node, &nl, eph);
	nl_close(&nl);
	if (ret == 1)
		log_info("publish %s: the record is up to date",
			 cfg->publish_name);
	return ret < 0 ? 1 : 0;
}

void publisher_init(struct publisher *p, const struct config *cfg,
		    struct node *node, struct nl *nl)
{
	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	p->node = node;
	p->nl = nl;
}

/* Has the record named @key for the configured confirmations? */
static int confirmed(struct publisher *p, const uint8_t key[MLT_KEY_LEN],
		     long long height)
{
	struct rpc_name v;
	struct record rec;
	char err[256];

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
	char err[256];
	uint8_t fresh[MLT_KEY_LEN];

	if (now < p->next_try)
		goto out;
	p->next_try = now + cfg->poll_interval;
	switch (p->state) {
	case PUB_START:
		if (current_key(cfg, p->nl, p->cur) < 0 ||
		    publish_key(cfg, p->node, p->nl, p->cur) < 0)
			break;
		p->state = PUB_IDLE;
		p->next_rotate = now + cfg->rotate_interval;
		break;
	case PUB_IDLE:
		if (!cfg->rotate_interval || now < p->next_rotate)
			break;
		/* 1: the new key first, so that it works once published. */
		if (nl_eph_rotate(p->nl, key_lifetime(cfg), fresh, err,
				  sizeof(err)) < 0) {
			log_err("rotate: %s", err);
			break;
		}
		memcpy(p->old, p->cur, MLT_KEY_LEN);
		memcpy(p->cur, fresh, MLT_KEY_LEN);
		p->state = PUB_CONFIRMING;
		p->next_rotate = now + cfg->rotate_interval;
		/* fall through - step 2, publish it */
	case PUB_CONFIRMING:
		if (publish_key(cfg, p->node, p->nl, p->cur) < 0)
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
		if (nl_eph_del(p->nl, p->old, err, sizeof(err)) < 0)
			log_warn("rotate: %s", err);
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
