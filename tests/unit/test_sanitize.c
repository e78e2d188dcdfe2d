/* test_sanitize.c - the item-body HTML sanitizer (base/sanitize.h). */
#include "t.h"
#include "base/sanitize.h"
#include "base/buf.h"

#include <string.h>

static void check(const char *in, const char *want)
{
	struct buf out = BUF_INIT(0);
	sanitize_html(in, strlen(in), &out);
	T_EQ_STR(buf_str(&out), want, "sanitize %s", in);
	buf_free(&out);
}

int main(void)
{
	check("<p>住房<b>公积金</b></p>", "<p>住房<b>公积金</b></p>");
	check("<p onclick=\"x()\" style=\"color:red\" class=\"c\">文</p>", "<p>文</p>");
	check("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>");
	check("<style>p{}</style><p>x</p>", "<p>x</p>");
	check("<a href=\"javascript:alert(1)\">x</a>", "<a rel=\"noopener noreferrer\">x</a>");
	check("<a href=\"JaVa&#x09;Script:alert(1)\">x</a>", "<a rel=\"noopener noreferrer\">x</a>");
	check("<a href=\" java\nscript:alert(1)\">x</a>", "<a rel=\"noopener noreferrer\">x</a>");
	check("<a href=\"https://www.gov.cn/a?b=1&amp;c=2\" title=\"t\">x</a>",
	      "<a href=\"https://www.gov.cn/a?b=1&amp;c=2\" title=\"t\" rel=\"noopener noreferrer\">x</a>");
	check("<a href=\"/zwgk/1.html\">x</a>", "<a href=\"/zwgk/1.html\" rel=\"noopener noreferrer\">x</a>");
	check("<img src=\"data:image/png;base64,AAAA\">", "");
	check("<img src=\"/f/1.png\" onerror=\"x()\" alt=\"图\">", "<img src=\"/f/1.png\" alt=\"图\">");
	check("<iframe src=\"https://evil\"></iframe><p>ok</p>", "<p>ok</p>");
	check("<font color=red>红</font>", "红");
	check("<table><tr><td colspan=\"2\" width=\"9\">格</td></tr></table>",
	      "<table><tr><td colspan=\"2\">格</td></tr></table>");
	check("<p>1 &lt; 2 &amp; \"q\"</p>", "<p>1 &lt; 2 &amp; \"q\"</p>");
	check("<!-- c --><p>x</p>", "<p>x</p>");
	check("<svg><script>alert(1)</script></svg><p>x</p>", "<p>x</p>");
	check("", "");
	T_OK(!sanitize_url_ok("vbscript:x", 0), "vbscript refused");
	T_OK(sanitize_url_ok("mailto:a@b.cn", 0), "mailto link ok");
	T_OK(!sanitize_url_ok("mailto:a@b.cn", 1), "mailto image refused");
	T_OK(sanitize_url_ok("a/b:c", 0), "colon after path is no scheme");
	{
		struct buf small = BUF_INIT(5);
		T_EQ_INT(sanitize_html("<p>long text here</p>", 21, &small), -1, "overflow reported");
		buf_free(&small);
	}
	return T_DONE();
}
