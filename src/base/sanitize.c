/* sanitize.c - allow-list HTML sanitizer over libxml2's HTML parser
 * (base/sanitize.h). */
#include "base/sanitize.h"
#include "base/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#define SANITIZE_MAX_DEPTH 64

static const char *const allowed_tags[] = {
	"p", "br", "hr", "div", "span", "strong", "b", "em", "i", "u", "s", "sub", "sup",
	"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
	"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "a", "img", NULL
};

/* Dropped together with everything inside them. */
static const char *const dropped_tags[] = {
	"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
	"noscript", "template", "textarea", "select", "option", "button", "input", "form",
	"svg", "math", "link", "meta", "base", "title", "head", NULL
};

static const char *const void_tags[] = {"br", "hr", "img", NULL};

static int in_list(const char *const *list, const char *name)
{
	size_t i;
	for (i = 0; list[i]; i++)
		if (!strcasecmp(list[i], name))
			return 1;
	return 0;
}

static void escape(struct buf *out, const char *s, int attr)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '&': buf_adds(out, "&amp;"); break;
		case '"': if (attr) { buf_adds(out, "&quot;"); break; } buf_addc(out, *s); break;
		case '\'': if (attr) { buf_adds(out, "&#39;"); break; } buf_addc(out, *s); break;
		default: buf_addc(out, *s);
		}
	}
}

int sanitize_url_ok(const char *url, int img)
{
	char clean[2048];
	size_t n = 0;
	const char *p;
	char *colon;
	/* Browsers ignore ASCII white space and controls inside URLs. */
	for (p = url; *p && n + 1 < sizeof clean; p++)
		if ((unsigned char)*p > 0x20 && *p != 0x7f)
			clean[n++] = (char)tolower((unsigned char)*p);
	clean[n] = '\0';
	if (*p)
		return 0;                       /* over-long */
	colon = strchr(clean, ':');
	if (colon) {
		size_t k = (size_t)(colon - clean);
		/* a ':' after a path, query or fragment start is not a scheme */
		if (strcspn(clean, "/?#") < k)
			return 1;
		if (k == 4 && !strncmp(clean, "http", 4))
			return 1;
		if (k == 5 && !strncmp(clean, "https", 5))
			return 1;
		if (!img && k == 6 && !strncmp(clean, "mailto", 6))
			return 1;
		return 0;
	}
	/* protocol-relative "//host/..." is fine; so are plain relative paths */
	return 1;
}

static const char *attr_allowed(const char *tag, const char *attr)
{
	if (!strcasecmp(tag, "a") && (!strcasecmp(attr, "href") || !strcasecmp(attr, "title")))
		return attr;
	if (!strcasecmp(tag, "img") && (!strcasecmp(attr, "src") || !strcasecmp(attr, "alt") ||
					 !strcasecmp(attr, "width") || !strcasecmp(attr, "height")))
		return attr;
	if ((!strcasecmp(tag, "td") || !strcasecmp(tag, "th")) &&
	    (!strcasecmp(attr, "colspan") || !strcasecmp(attr, "rowspan")))
		return attr;
	return NULL;
}

static void walk(xmlNode *n, struct buf *out, int depth);

static void element(xmlNode *n, struct buf *out, int depth)
{
	const char *name = (const char *)n->name;
	char lname[16];
	size_t i;
	xmlAttr *a;
	int img_ok = 1;

	if (in_list(dropped_tags, name))
		return;
	if (!in_list(allowed_tags, name)) {
		walk(n->children, out, depth + 1);   /* unwrap */
		return;
	}
	for (i = 0; name[i] && i + 1 < sizeof lname; i++)
		lname[i] = (char)tolower((unsigned char)name[i]);
	lname[i] = '\0';
	if (!strcmp(lname, "img")) {
		xmlChar *src = xmlGetProp(n, (const xmlChar *)"src");
		img_ok = src && sanitize_url_ok((const char *)src, 1);
		xmlFree(src);
		if (!img_ok)
			return;                  /* an image without a safe source is nothing */
	}
	buf_printf(out, "<%s", lname);
	for (a = n->properties; a; a = a->next) {
		const char *an = (const char *)a->name;
		xmlChar *v;
		if (!attr_allowed(lname, an))
			continue;
		v = xmlNodeListGetString(n->doc, a->children, 1);
		if (v && (strcasecmp(an, "href") && strcasecmp(an, "src") ?
			  1 : sanitize_url_ok((const char *)v, !strcmp(lname, "img")))) {
			char la[16];
			size_t k;
			for (k = 0; an[k] && k + 1 < sizeof la; k++)
				la[k] = (char)tolower((unsigned char)an[k]);
			la[k] = '\0';
			buf_printf(out, " %s=\"", la);
			escape(out, (const char *)v, 1);
			buf_addc(out, '"');
		}
		xmlFree(v);
	}
	if (!strcmp(lname, "a"))
		buf_adds(out, " rel=\"noopener noreferrer\"");
	buf_addc(out, '>');
	if (in_list(void_tags, lname))
		return;
	walk(n->children, out, depth + 1);
	buf_printf(out, "</%s>", lname);
}

static void walk(xmlNode *n, struct buf *out, int depth)
{
	if (depth > SANITIZE_MAX_DEPTH)
		return;
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				escape(out, (const char *)n->content, 0);
		} else if (n->type == XML_ELEMENT_NODE) {
			element(n, out, depth);
		}
		/* comments, processing instructions, DTDs: dropped */
	}
}

int sanitize_html(const char *html, size_t n, struct buf *out)
{
	htmlDocPtr doc;
	xmlNode *root, *body = NULL, *c;

	if (n == 0)
		return 0;
	doc = htmlReadMemory(html, (int)(n > 0x7fffffff ? 0x7fffffff : n), NULL, "UTF-8",
			     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	if (!doc)
		return 0;                        /* nothing parseable: empty result */
	root = xmlDocGetRootElement(doc);
	for (c = root ? root->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcasecmp((const char *)c->name, "body"))
			body = c;
	if (body)
		walk(body->children, out, 0);
	else if (root && strcasecmp((const char *)root->name, "html"))
		walk(root, out, 0);
	xmlFreeDoc(doc);
	return out->overflow ? -1 : 0;
}
