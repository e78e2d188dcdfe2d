/* template.c - compile mustache-like templates once, render them fast.
 *
 * A template compiles to a flat node list; a section node records the index
 * just past its closing tag, so rendering is a loop with a context stack
 * and no re-parsing. See template.h for the syntax. */
#include "web/template.h"
#include "base/embedded.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TPL_NAME_MAX 64
#define TPL_MAX_DEPTH 32     /* nested sections (context stack) */
#define TPL_MAX_PARTIALS 16  /* nested partials */

enum node_kind { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL };

struct node {
	enum node_kind kind;
	const char *text;        /* N_TEXT: into the template's copy */
	size_t len;
	char name[TPL_NAME_MAX]; /* var, section or partial name */
	size_t end;              /* sections: index of the node after the closing tag */
};

struct tpl {
	char name[TPL_NAME_MAX];
	char *src;
	struct node *nodes;
	size_t n, cap;
};

struct tpl_set {
	struct tpl *items;
	size_t n;
};

/* ------------------------------------------------------------ data model */

enum val_kind { V_STR, V_INT, V_BOOL, V_LIST, V_OBJ };

struct entry {
	char *key;
	enum val_kind kind;
	char *str;               /* V_STR, and V_INT's decimal text */
	int64_t num;             /* V_INT, V_BOOL */
	struct tpl_ctx **items;  /* V_LIST items, V_OBJ: items[0] */
	size_t n, cap;
};

struct tpl_ctx {
	struct entry *e;
	size_t n, cap;
};

struct tpl_ctx *tpl_ctx_new(void)
{
	return xcalloc(1, sizeof(struct tpl_ctx));
}

static void entry_clear(struct entry *e)
{
	size_t i;
	free(e->str);
	e->str = NULL;
	for (i = 0; i < e->n; i++)
		tpl_ctx_free(e->items[i]);
	free(e->items);
	e->items = NULL;
	e->n = e->cap = 0;
	e->num = 0;
}

void tpl_ctx_free(struct tpl_ctx *ctx)
{
	size_t i;
	if (!ctx)
		return;
	for (i = 0; i < ctx->n; i++) {
		entry_clear(&ctx->e[i]);
		free(ctx->e[i].key);
	}
	free(ctx->e);
	free(ctx);
}

static struct entry *find_entry(const struct tpl_ctx *ctx, const char *key)
{
	size_t i;
	for (i = 0; i < ctx->n; i++)
		if (!strcmp(ctx->e[i].key, key))
			return &ctx->e[i];
	return NULL;
}

/* The entry for key, cleared for a new value of the given kind. */
static struct entry *put(struct tpl_ctx *ctx, const char *key, enum val_kind kind)
{
	struct entry *e = find_entry(ctx, key);
	if (e) {
		entry_clear(e);
	} else {
		if (ctx->n == ctx->cap) {
			ctx->cap = ctx->cap ? ctx->cap * 2 : 8;
			ctx->e = xreallocarray(ctx->e, ctx->cap, sizeof *ctx->e);
		}
		e = &ctx->e[ctx->n++];
		memset(e, 0, sizeof *e);
		e->key = xstrdup(key);
	}
	e->kind = kind;
	return e;
}

void tpl_set(struct tpl_ctx *ctx, const char *key, const char *val)
{
	struct entry *e = put(ctx, key, V_STR);
	e->str = xstrdup(val ? val : "");
}

void tpl_setf(struct tpl_ctx *ctx, const char *key, const char *fmt, ...)
{
	struct buf b = BUF_INIT(0);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	tpl_set(ctx, key, buf_str(&b));
	buf_free(&b);
}

void tpl_set_int(struct tpl_ctx *ctx, const char *key, int64_t v)
{
	char tmp[32];
	struct entry *e = put(ctx, key, V_INT);
	snprintf(tmp, sizeof tmp, "%" PRId64, v);
	e->str = xstrdup(tmp);
	e->num = v;
}

void tpl_set_bool(struct tpl_ctx *ctx, const char *key, int v)
{
	struct entry *e = put(ctx, key, V_BOOL);
	e->num = v != 0;
}

static void push_item(struct entry *e, struct tpl_ctx *c)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 8;
		e->items = xreallocarray(e->items, e->cap, sizeof *e->items);
	}
	e->items[e->n++] = c;
}

struct tpl_ctx *tpl_add(struct tpl_ctx *ctx, const char *key)
{
	struct entry *e = find_entry(ctx, key);
	struct tpl_ctx *c = tpl_ctx_new();
	if (!e || e->kind != V_LIST)
		e = put(ctx, key, V_LIST);
	push_item(e, c);
	return c;
}

void tpl_list(struct tpl_ctx *ctx, const char *key)
{
	if (!find_entry(ctx, key))
		put(ctx, key, V_LIST);
}

struct tpl_ctx *tpl_child(struct tpl_ctx *ctx, const char *key)
{
	struct entry *e = put(ctx, key, V_OBJ);
	struct tpl_ctx *c = tpl_ctx_new();
	push_item(e, c);
	return c;
}

const char *tpl_get(const struct tpl_ctx *ctx, const char *key)
{
	const struct entry *e = find_entry(ctx, key);
	return e && (e->kind == V_STR || e->kind == V_INT) ? e->str : NULL;
}

/* ------------------------------------------------------------- compiling */

static int fail(char *err, size_t errsize, const struct tpl *t, const char *at,
		const char *why)
{
	int line = 1;
	const char *p;
	for (p = t->src; p < at; p++)
		line += *p == '\n';
	snprintf(err, errsize, "%s:%d: %s", t->name, line, why);
	return -1;
}

static struct node *add_node(struct tpl *t, enum node_kind kind)
{
	struct node *n;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->nodes = xreallocarray(t->nodes, t->cap, sizeof *t->nodes);
	}
	n = &t->nodes[t->n++];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	return n;
}

static int valid_name(const char *s, size_t n)
{
	size_t i;
	if (n == 0 || n >= TPL_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if ((unsigned char)c >= 0x80)
			continue; /* UTF-8 in names, e.g. v_delivery_邮寄 */
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return 0;
	}
	return 1;
}

/* Compile t->src into t->nodes. */
static int compile(struct tpl *t, char *err, size_t errsize)
{
	size_t open[TPL_MAX_DEPTH];
	int depth = 0;
	const char *p = t->src;
	for (;;) {
		const char *tag = strstr(p, "{{");
		const char *name, *close;
		size_t nlen;
		char sigil = 0;
		int triple = 0;
		if (!tag) {
			if (*p) {
				struct node *n = add_node(t, N_TEXT);
				n->text = p;
				n->len = strlen(p);
			}
			break;
		}
		if (tag > p) {
			struct node *n = add_node(t, N_TEXT);
			n->text = p;
			n->len = (size_t)(tag - p);
		}
		name = tag + 2;
		if (*name == '{') {
			triple = 1;
			name++;
		} else if (strchr("#^/>!", *name) && *name) {
			sigil = *name++;
		}
		close = strstr(name, triple ? "}}}" : "}}");
		if (!close)
			return fail(err, errsize, t, tag, "unclosed tag");
		p = close + (triple ? 3 : 2);
		if (sigil == '!')
			continue;
		while (*name == ' ')
			name++;
		nlen = (size_t)(close - name);
		while (nlen && name[nlen - 1] == ' ')
			nlen--;
		if (!valid_name(name, nlen))
			return fail(err, errsize, t, tag, "bad tag name");
		if (sigil == '/') {
			struct node *o;
			if (depth == 0)
				return fail(err, errsize, t, tag, "closing tag without opening");
			o = &t->nodes[open[--depth]];
			if (strlen(o->name) != nlen || memcmp(o->name, name, nlen))
				return fail(err, errsize, t, tag, "closing tag does not match");
			o->end = t->n;
			continue;
		}
		{
			enum node_kind k = triple ? N_RAW : sigil == '#' ? N_SECTION
				: sigil == '^' ? N_INVERTED : sigil == '>' ? N_PARTIAL : N_VAR;
			struct node *n = add_node(t, k);
			memcpy(n->name, name, nlen);
			n->name[nlen] = '\0';
			if (k == N_SECTION || k == N_INVERTED) {
				if (depth == TPL_MAX_DEPTH)
					return fail(err, errsize, t, tag, "sections nest too deep");
				open[depth++] = t->n - 1;
			}
		}
	}
	if (depth)
		return fail(err, errsize, t, t->src + strlen(t->src),
			    "section not closed");
	return 0;
}

static void tpl_free_one(struct tpl *t)
{
	free(t->src);
	free(t->nodes);
}

void tpl_set_free(struct tpl_set *set)
{
	size_t i;
	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		tpl_free_one(&set->items[i]);
	free(set->items);
	free(set);
}

struct tpl_set *tpl_set_compile(const char *const *names, const char *const *texts,
				size_t n, char *err, size_t errsize)
{
	struct tpl_set *set = xcalloc(1, sizeof *set);
	size_t i;
	set->items = xcalloc(n ? n : 1, sizeof *set->items);
	for (i = 0; i < n; i++) {
		struct tpl *t = &set->items[set->n++];
		str_copy(t->name, names[i], sizeof t->name);
		t->src = xstrdup(texts[i]);
		if (compile(t, err, errsize)) {
			tpl_set_free(set);
			return NULL;
		}
	}
	return set;
}

static struct tpl_set *global_set;
static char global_err[256];
static pthread_once_t global_once = PTHREAD_ONCE_INIT;

static void global_init(void)
{
	const char **names = xcalloc(embedded_count + 1, sizeof *names);
	const char **texts = xcalloc(embedded_count + 1, sizeof *texts);
	char (*bare)[TPL_NAME_MAX] = xcalloc(embedded_count + 1, TPL_NAME_MAX);
	size_t i, n = 0;
	for (i = 0; i < embedded_count; i++) {
		const char *nm = embedded_files[i].name;
		size_t len;
		if (!str_starts(nm, "templates/") || !str_ends(nm, ".html"))
			continue;
		nm += strlen("templates/");
		len = strlen(nm) - strlen(".html");
		if (len >= TPL_NAME_MAX)
			continue;
		memcpy(bare[n], nm, len);
		bare[n][len] = '\0';
		names[n] = bare[n];
		texts[n] = (const char *)embedded_files[i].data;
		n++;
	}
	global_set = tpl_set_compile(names, texts, n, global_err, sizeof global_err);
	free(names);
	free(texts);
	free(bare);
}

int tpl_init(char *err, size_t errsize)
{
	pthread_once(&global_once, global_init);
	if (!global_set) {
		str_copy(err, global_err, errsize);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- rendering */

void tpl_escape(struct buf *out, const char *s)
{
	const char *run = s;
	for (; *s; s++) {
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(out, run, (size_t)(s - run));
		buf_adds(out, rep);
		run = s + 1;
	}
	buf_add(out, run, (size_t)(s - run));
}

static const struct tpl *find_tpl(const struct tpl_set *set, const char *name)
{
	size_t i;
	for (i = 0; i < set->n; i++)
		if (!strcmp(set->items[i].name, name))
			return &set->items[i];
	return NULL;
}

struct render {
	const struct tpl_set *set;
	const struct tpl_ctx *stack[TPL_MAX_DEPTH + 2];
	int depth;
	int partials;
	struct buf *out;
	int failed;
};

static const struct entry *lookup(const struct render *r, const char *name)
{
	int i;
	for (i = r->depth - 1; i >= 0; i--) {
		const struct entry *e = find_entry(r->stack[i], name);
		if (e)
			return e;
	}
	return NULL;
}

static int truthy(const struct entry *e)
{
	if (!e)
		return 0;
	switch (e->kind) {
	case V_STR: return e->str && e->str[0];
	case V_INT:
	case V_BOOL: return e->num != 0;
	case V_LIST: return e->n > 0;
	case V_OBJ: return 1;
	}
	return 0;
}

static void run_nodes(struct render *r, const struct tpl *t, size_t from, size_t to);

static void run_partial(struct render *r, const char *name)
{
	const struct tpl *p = find_tpl(r->set, name);
	if (!p || r->partials >= TPL_MAX_PARTIALS) {
		r->failed = 1;
		return;
	}
	r->partials++;
	run_nodes(r, p, 0, p->n);
	r->partials--;
}

static void run_section(struct render *r, const struct tpl *t, size_t i)
{
	const struct node *n = &t->nodes[i];
	const struct entry *e = lookup(r, n->name);
	size_t k;
	if (n->kind == N_INVERTED) {
		if (!truthy(e))
			run_nodes(r, t, i + 1, n->end);
		return;
	}
	if (!truthy(e))
		return;
	if (e->kind != V_LIST && e->kind != V_OBJ) {
		run_nodes(r, t, i + 1, n->end);
		return;
	}
	if (r->depth >= TPL_MAX_DEPTH) {
		r->failed = 1;
		return;
	}
	for (k = 0; k < e->n && !r->failed; k++) {
		r->stack[r->depth++] = e->items[k];
		run_nodes(r, t, i + 1, n->end);
		r->depth--;
	}
}

static void run_nodes(struct render *r, const struct tpl *t, size_t from, size_t to)
{
	size_t i = from;
	while (i < to && !r->failed) {
		const struct node *n = &t->nodes[i];
		const struct entry *e;
		switch (n->kind) {
		case N_TEXT:
			buf_add(r->out, n->text, n->len);
			break;
		case N_VAR:
		case N_RAW:
			e = lookup(r, n->name);
			if (e && e->str) {
				if (n->kind == N_VAR)
					tpl_escape(r->out, e->str);
				else
					buf_adds(r->out, e->str);
			}
			break;
		case N_PARTIAL:
			run_partial(r, n->name);
			break;
		case N_SECTION:
		case N_INVERTED:
			run_section(r, t, i);
			i = n->end;
			continue;
		}
		i++;
	}
}

int tpl_render_set(const struct tpl_set *set, const char *name,
		   const struct tpl_ctx *ctx, struct buf *out)
{
	struct render r;
	const struct tpl *t;
	static const struct tpl_ctx empty;
	if (!set) {
		char err[8];
		if (tpl_init(err, sizeof err))
			return -1;
		set = global_set;
	}
	t = find_tpl(set, name);
	if (!t)
		return -1;
	memset(&r, 0, sizeof r);
	r.set = set;
	r.out = out;
	r.stack[r.depth++] = ctx ? ctx : &empty;
	run_nodes(&r, t, 0, t->n);
	return r.failed || out->overflow ? -1 : 0;
}

int tpl_render(const char *name, const struct tpl_ctx *ctx, struct buf *out)
{
	return tpl_render_set(NULL, name, ctx, out);
}

int tpl_exists(const char *name)
{
	char err[8];
	return tpl_init(err, sizeof err) == 0 && find_tpl(global_set, name) != NULL;
}
