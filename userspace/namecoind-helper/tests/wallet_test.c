// SPDX-License-Identifier: GPL-2.0
/*
 * wallet.c's pure part: Namecoin Core's wallet errors, each classified
 * and turned into a line that says what to do; name_pending's result.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "wallet.h"

#define URL	"http://127.0.0.1:8336/"

/* The real node's codes and messages, from its sources. */
TEST(classify_real_errors)
{
	ASSERT_EQ(WALLET_LOCKED, wallet_classify(-13,
		"Error: Please enter the wallet passphrase with walletpassphrase first."));
	ASSERT_EQ(WALLET_NO_FUNDS, wallet_classify(-6, "Insufficient funds"));
	ASSERT_EQ(WALLET_NO_FEE, wallet_classify(-6,
		"Fee estimation failed. Fallbackfee is disabled. Wait a few blocks or enable -fallbackfee."));
	ASSERT_EQ(WALLET_NONE, wallet_classify(-18,
		"No wallet is loaded. Load a wallet using loadwallet or create a new one with createwallet. (Note: A default wallet is no longer automatically created)"));
	ASSERT_EQ(WALLET_NOT_LOADED, wallet_classify(-18,
		"Requested wallet does not exist or is not loaded"));
	ASSERT_EQ(WALLET_SEVERAL, wallet_classify(-19,
		"Multiple wallets are loaded. Please select which wallet to use by requesting the RPC through the /wallet/<walletname> URI path."));
	ASSERT_EQ(WALLET_CHAIN_LIMIT, wallet_classify(-25,
		"there are already too many pending operations on this name"));
	ASSERT_EQ(WALLET_CANNOT_UPDATE, wallet_classify(-25,
		"this name can not be updated"));
	/* Not wallet problems: the node's own message. */
	ASSERT_EQ(WALLET_OTHER, wallet_classify(0, ""));
	ASSERT_EQ(WALLET_OTHER, wallet_classify(-4,
		"name never existed: 'd/x'"));
	ASSERT_EQ(WALLET_OTHER, wallet_classify(-25, "bad-txns-inputs"));
	ASSERT_EQ(WALLET_OTHER, wallet_classify(-8,
		"the value is too long"));
}

static void advice(enum wallet_problem p, const char *msg, char *out,
		   size_t len)
{
	wallet_advice(p, "d/demo", URL, msg, out, len);
}

TEST(advice_says_what_to_do)
{
	char out[512];

	advice(WALLET_SEVERAL, "", out, sizeof(out));
	ASSERT_NE(NULL, strstr(out,
		"url=http://127.0.0.1:8336/wallet/NAME"));
	ASSERT_NE(NULL, strstr(out, "-19"));
	advice(WALLET_LOCKED, "", out, sizeof(out));
	ASSERT_NE(NULL, strstr(out, "walletpassphrase"));
	advice(WALLET_NO_FEE, "", out, sizeof(out));
	ASSERT_NE(NULL, strstr(out, "fallbackfee"));
	advice(WALLET_NO_FUNDS, "Insufficient funds", out, sizeof(out));
	ASSERT_NE(NULL, strstr(out, "Insufficient funds"));
	ASSERT_NE(NULL, strstr(out, "getnewaddress"));
	advice(WALLET_NONE, "", out, sizeof(out));
	ASSERT_NE(NULL, strstr(out, "loadwallet"));
	advice(WALLET_NOT_MINE, "", out, sizeof(out));
	ASSERT_NE(NULL, strstr(out, "d/demo is not in this node's wallet"));
	advice(WALLET_OTHER, "the value is too long", out, sizeof(out));
	ASSERT_STREQ("the value is too long", out);
	/* One line, whatever the size. */
	advice(WALLET_NOT_MINE, "", out, 20);
	ASSERT_EQ(19, strlen(out));
	ASSERT_EQ(NULL, strchr(out, '\n'));
}

TEST(several_wallets_url_without_slash)
{
	char out[512];

	wallet_advice(WALLET_SEVERAL, "d/x", "http://[::1]:18443", "", out,
		      sizeof(out));
	ASSERT_NE(NULL, strstr(out, "url=http://[::1]:18443/wallet/NAME"));
}

#define TX1 "1111111111111111111111111111111111111111111111111111111111111111"
#define TX2 "2222222222222222222222222222222222222222222222222222222222222222"

static int pending(const char *text, char *txid)
{
	json_t *j = json_loads(text, 0, NULL);
	int r = wallet_parse_pending(j, "d/demo", txid);

	json_decref(j);
	return r;
}

TEST(pending_operations)
{
	char txid[65] = "";

	ASSERT_EQ(0, pending("[]", txid));
	ASSERT_EQ(0, pending("[{\"name\":\"d/other\",\"txid\":\"" TX1 "\"}]",
			     txid));
	/* The last operation on the name is the one the next builds on. */
	ASSERT_EQ(1, pending("[{\"name\":\"d/demo\",\"txid\":\"" TX1 "\","
			     "\"op\":\"name_update\"},{\"name\":\"d/other\","
			     "\"txid\":\"" TX1 "\"},{\"name\":\"d/demo\","
			     "\"txid\":\"" TX2 "\"}]", txid));
	ASSERT_STREQ(TX2, txid);
	ASSERT_EQ(-1, pending("{}", txid));
	ASSERT_EQ(-1, pending("[{\"name\":\"d/demo\"}]", txid));
	ASSERT_EQ(-1, pending("[{\"name\":\"d/demo\",\"txid\":\"12\"}]",
			      txid));
	ASSERT_EQ(-1, pending("[1]", txid));
}

TEST_HARNESS_MAIN
