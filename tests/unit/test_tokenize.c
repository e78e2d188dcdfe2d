/* test_tokenize.c - the search tokenizer: folding, unigrams and bigrams,
 * words, and how queries split into terms. */
#include "t.h"
#include "base/tokenize.h"
#include "base/buf.h"

#include <string.h>

static void check_fields(const char *text, const char *want_seq, const char *want_uni)
{
	struct buf seq = BUF_INIT(0), uni = BUF_INIT(0);
	tokenize_fields(text, strlen(text), &seq, &uni);
	T_EQ_STR(buf_str(&seq), want_seq, "seq of \"%s\"", text);
	T_EQ_STR(buf_str(&uni), want_uni, "uni of \"%s\"", text);
	buf_free(&seq);
	buf_free(&uni);
}

static void check_all(const char *text, const char *want)
{
	struct buf out = BUF_INIT(0);
	tokenize_all(text, strlen(text), &out);
	T_EQ_STR(buf_str(&out), want, "all tokens of \"%s\"", text);
	buf_free(&out);
}

/* Render a query's terms as "P:tokens|U:tok|..." */
static void check_query(const char *q, const char *want)
{
	struct tok_query tq;
	struct buf out = BUF_INIT(0);
	int i;
	tokenize_query(q, strlen(q), &tq);
	for (i = 0; i < tq.n; i++)
		buf_printf(&out, "%s%s:%s%s", i ? "|" : "",
			   tq.terms[i].kind == TOK_TERM_PHRASE ? "P" : "U", tq.terms[i].tokens,
			   tq.terms[i].prefix_last ? "*" : "");
	T_EQ_STR(buf_str(&out), want, "query \"%s\"", q);
	tok_query_free(&tq);
	buf_free(&out);
}

int main(void)
{
	/* Ideograph runs: unigrams and bigrams. */
	check_all("住房", "住 住房 房");
	check_all("住房公积金", "住 住房 房 房公 公 公积 积 积金 金");
	check_all("房", "房");
	check_fields("住房公积金", "住房 房公 公积 积金", "住 房 公 积 金");
	check_fields("房", "房", "房");

	/* Full-width forms fold to half-width; case folds. */
	check_fields("２０２４年ＡＢＣ", "2024 年 abc", "年");
	check_fields("2024年abc", "2024 年 abc", "年");
	check_fields("GDP增长", "gdp 增长", "增 长");

	/* 文号: brackets separate, numbers are words. */
	check_fields("京建发〔2024〕3号", "京建 建发 2024 3 号", "京 建 发 号");
	check_fields("京建发〔２０２４〕３号", "京建 建发 2024 3 号", "京 建 发 号");

	/* Punctuation and spaces separate; empty text gives nothing. */
	check_fields("关于、通知。", "关于 通知", "关 于 通 知");
	check_fields("", "", "");
	check_fields("  ,.;  ", "", "");

	/* Long words are cut at TOK_WORD_MAX bytes. */
	{
		char longw[200];
		struct buf seq = BUF_INIT(0);
		memset(longw, 'x', sizeof longw - 1);
		longw[sizeof longw - 1] = '\0';
		tokenize_fields(longw, strlen(longw), &seq, NULL);
		T_EQ_INT(seq.len, TOK_WORD_MAX, "long word cut to TOK_WORD_MAX");
		buf_free(&seq);
	}

	/* A capped buffer reports overflow instead of growing. */
	{
		struct buf seq = BUF_INIT(8);
		T_EQ_INT(tokenize_fields("住房和城乡建设委员会", strlen("住房和城乡建设委员会"), &seq, NULL), -1,
			 "overflow reported");
		buf_free(&seq);
	}

	/* Invalid UTF-8 does not crash and yields no garbage tokens. */
	check_fields("住\xff房", "住 房", "住 房");

	/* Queries. */
	check_query("住房", "P:住房");
	check_query("房", "U:房");
	check_query("公积金", "P:公积 积金");
	check_query("住房 公积金", "P:住房|P:公积 积金");
	check_query("住房和城乡建设", "P:住房 房和 和城 城乡 乡建 建设");
	check_query("〔2024〕3号", "P:2024 3 号*");
	check_query("京建发〔2024〕3号", "P:京建 建发 2024 3 号*");
	check_query("2024年3月", "P:2024 年 3 月*");
	check_query("住房 号", "P:住房|U:号");
	check_query("ＧＤＰ", "P:gdp");
	check_query("２０２４", "P:2024");
	check_query("发2024", "U:发|P:2024");
	check_query("　住房　", "P:住房");
	check_query("", "");
	check_query("\"\" * OR NEAR(", "P:or|P:near");
	return T_DONE();
}
