/* test_template.c - the template engine: escaping, sections, partials,
 * syntax errors, bounded output, and the embedded templates compile. */
#include "t.h"
#include "web/template.h"

#include <stdlib.h>

static const char *names[] = {"page", "head", "list", "bad_nest"};
static const char *texts[] = {
	"{{>head}}<p>{{name}}|{{{html}}}</p>{{! note }}",
	"<title>{{title}}</title>",
	"{{#items}}<li>{{label}}={{n}}{{#flag}}!{{/flag}}{{title}}</li>{{/items}}"
	"{{^items}}<p>无</p>{{/items}}{{#obj}}[{{inner}}]{{/obj}}{{^missing}}M{{/missing}}",
	"{{>bad_nest}}",
};

static char *render(struct tpl_set *set, const char *name, struct tpl_ctx *c)
{
	struct buf out = BUF_INIT(0);
	if (tpl_render_set(set, name, c, &out)) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

int main(void)
{
	char err[256] = "";
	struct tpl_set *set = tpl_set_compile(names, texts, 4, err, sizeof err);
	struct tpl_ctx *c;
	char *s;
	T_OK(set != NULL, "compile set (%s)", err);

	c = tpl_ctx_new();
	tpl_set(c, "title", "标题 <1>");
	tpl_set(c, "name", "<script>alert('x') & \"y\"</script>");
	tpl_set(c, "html", "<b>ok</b>");
	s = render(set, "page", c);
	T_EQ_STR(s, "<title>标题 &lt;1&gt;</title><p>&lt;script&gt;alert(&#39;x&#39;) &amp; "
		 "&quot;y&quot;&lt;/script&gt;|<b>ok</b></p>", "escape by default, raw with triple");
	free(s);
	tpl_ctx_free(c);

	c = tpl_ctx_new();
	tpl_set(c, "title", "T");
	{
		struct tpl_ctx *a = tpl_add(c, "items"), *b = tpl_add(c, "items");
		tpl_set(a, "label", "甲");
		tpl_set_int(a, "n", 3);
		tpl_set_bool(a, "flag", 1);
		tpl_set(b, "label", "乙");
		tpl_set_int(b, "n", -2);
		tpl_set_bool(b, "flag", 0);
		tpl_set(tpl_child(c, "obj"), "inner", "in");
	}
	s = render(set, "list", c);
	T_EQ_STR(s, "<li>甲=3!T</li><li>乙=-2T</li>[in]M", "lists, bools, objects, inherited keys");
	free(s);
	tpl_ctx_free(c);

	c = tpl_ctx_new();
	tpl_list(c, "items");
	s = render(set, "list", c);
	T_EQ_STR(s, "<p>无</p>M", "empty list renders the inverted section");
	free(s);
	tpl_set(c, "name", "overwrite");
	tpl_set(c, "name", "twice");
	T_EQ_STR(tpl_get(c, "name"), "twice", "set replaces a value");
	tpl_ctx_free(c);

	s = render(set, "bad_nest", NULL);
	T_OK(s == NULL, "self-recursive partial fails instead of looping");
	s = render(set, "nope", NULL);
	T_OK(s == NULL, "unknown template fails");

	{
		struct buf small = BUF_INIT(8);
		c = tpl_ctx_new();
		tpl_set(c, "title", "a much longer title than eight bytes");
		T_OK(tpl_render_set(set, "head", c, &small) == -1, "bounded output reports overflow");
		buf_free(&small);
		tpl_ctx_free(c);
	}
	tpl_set_free(set);

	{
		static const char *bn[] = {"x"};
		static const char *bad[] = {
			"a\n{{#s}}b", "{{/s}}", "{{#a}}{{/b}}", "{{x", "{{bad name}}",
		};
		static const char *want[] = {
			"section not closed", "without opening", "does not match",
			"unclosed tag", "bad tag name",
		};
		size_t i;
		for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			const char *one[1];
			one[0] = bad[i];
			err[0] = '\0';
			set = tpl_set_compile(bn, one, 1, err, sizeof err);
			T_OK(set == NULL && strstr(err, want[i]) && !strncmp(err, "x:", 2),
			     "syntax error %zu reported: %s", i, err);
			tpl_set_free(set);
		}
	}

	T_OK(tpl_init(err, sizeof err) == 0, "embedded templates compile (%s)", err);
	T_OK(tpl_exists("layout_head"), "layout_head template is embedded");
	return T_DONE();
}
