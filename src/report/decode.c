/* decode.c - turn any input file into UTF-8 text for the report parser.
 *
 * The container is detected from the bytes: "%PDF-" runs pdftotext in a
 * child process, a zip with word/document.xml is read as DOCX (streamed
 * through libxml2's reader), markup near the start is parsed with libxml2's
 * HTML parser, anything else is plain text in UTF-8, UTF-16 (with BOM) or
 * GB18030. Table rows in HTML/DOCX come out as one line per row with every
 * cell followed by " |" ("label | 0 | 0 |"), the shape the table parser
 * reads. All output is capped at DECODE_MAX_TEXT; bytes past the cap are
 * counted (for the message) but not stored. */
#include "report/decode.h"

#include "base/file.h"
#include "base/str.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <zip.h>

#define SNIFF_BYTES 4096              /* how far to look for HTML markup */
#define PDF_TIMEOUT_MS 30000          /* wall-clock limit for pdftotext */
#define DOCX_MAX_XML ((size_t)DECODE_MAX_TEXT * 4)

static const char BINARY_MSG[] =
	"binary data, not a text, HTML, DOCX or PDF document";

/* ---- output sink: stores up to the cap, counts everything ---------------- */

struct sink {
	struct buf *out;
	size_t total;      /* bytes produced, stored or not */
	int at_line_start; /* last byte produced was '\n' (or nothing yet) */
	int pending_space; /* collapsed whitespace waiting for the next char */
	int soft_break;    /* paragraph break inside a cell: join, see sink_char */
};

static void sink_init(struct sink *s, struct buf *out)
{
	buf_reset(out);
	out->max = DECODE_MAX_TEXT;
	out->overflow = 0;
	s->out = out;
	s->total = 0;
	s->at_line_start = 1;
	s->pending_space = 0;
	s->soft_break = 0;
}

static void sink_raw(struct sink *s, const char *p, size_t n)
{
	if (n == 0)
		return;
	s->total += n;
	if (!s->out->overflow)
		buf_add(s->out, p, n);
	s->at_line_start = p[n - 1] == '\n';
}

static int sink_over(const struct sink *s)
{
	return s->total > DECODE_MAX_TEXT || s->out->overflow;
}

static void too_large(size_t total, char *err, size_t errsize)
{
	snprintf(err, errsize, "document text too large (%zu MB, limit %u MB)",
		 (total + (1u << 20) - 1) >> 20, DECODE_MAX_TEXT >> 20);
}

/* ---- character-set helpers ----------------------------------------------- */

/* Convert n bytes from `from` to UTF-8 into s. strict: fail (-1) on the
 * first invalid or incomplete sequence; otherwise replace each bad byte by
 * U+FFFD and count it in *bad (if not NULL). Returns 0 or -1. */
static int conv_to_utf8(const char *from, const char *p, size_t n, int strict,
			struct sink *s, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", from);
	char chunk[16384];
	char *in = (char *)p;
	size_t inleft = n;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return -1;
	if (bad)
		*bad = 0;
	while (inleft > 0) {
		char *o = chunk;
		size_t oleft = sizeof chunk;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		sink_raw(s, chunk, (size_t)(o - chunk));
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL (truncated sequence at the end) */
		if (strict) {
			rc = -1;
			break;
		}
		sink_raw(s, "\xEF\xBF\xBD", 3);
		if (bad)
			(*bad)++;
		in++;
		inleft--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	if (rc == 0) {
		char *o = chunk;
		size_t oleft = sizeof chunk;
		iconv(cd, NULL, NULL, &o, &oleft);
		sink_raw(s, chunk, (size_t)(o - chunk));
	}
	iconv_close(cd);
	return rc;
}

/* Length of the longest prefix of p that is valid UTF-8 when only an
 * incomplete sequence at the very end is wrong (a file cut mid-character);
 * returns n when all is valid, or (size_t)-1 when there are errors earlier. */
static size_t utf8_valid_prefix(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		int k;
		if ((unsigned char)p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_decode(p + i, n - i, &cp);
		if (k < 0)
			return n - i < 4 ? i : (size_t)-1;
		i += (size_t)k;
	}
	return n;
}

/* Count invalid UTF-8 bytes in p. */
static size_t utf8_bad_bytes(const char *p, size_t n)
{
	size_t i = 0, bad = 0;
	while (i < n) {
		uint32_t cp;
		int k = (unsigned char)p[i] < 0x80 ? 1 : utf8_decode(p + i, n - i, &cp);
		if (k < 0) {
			bad++;
			k = 1;
		}
		i += (size_t)k;
	}
	return bad;
}

/* Copy UTF-8 replacing each invalid byte by U+FFFD. */
static void utf8_lossy(const char *p, size_t n, struct sink *s)
{
	size_t i = 0, run = 0;
	while (i < n) {
		uint32_t cp;
		int k = (unsigned char)p[i] < 0x80 ? 1 : utf8_decode(p + i, n - i, &cp);
		if (k > 0) {
			i += (size_t)k;
			continue;
		}
		sink_raw(s, p + run, i - run);
		sink_raw(s, "\xEF\xBF\xBD", 3);
		i++;
		run = i;
	}
	sink_raw(s, p + run, n - run);
}

/* True when the bytes look like binary data: any NUL, or more than 2% of
 * control bytes other than tab, newline, carriage return and form feed. */
static int looks_binary(const char *p, size_t n)
{
	size_t ctl = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == 0)
			return 1;
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f'
		     && c != 0x1b) || c == 0x7f)
			ctl++;
	}
	return ctl * 50 > n;
}

/* Forget what was produced after s->total was mark (a failed attempt). */
static void sink_rollback(struct sink *s, size_t mark)
{
	size_t drop;
	if (s->total <= mark)
		return;
	drop = s->total - mark;
	s->total = mark;
	if (s->out->overflow) {
		/* the stored text is incomplete anyway; keep what fits */
		if (mark <= DECODE_MAX_TEXT) {
			s->out->overflow = 0;
			if (s->out->len > mark)
				s->out->len = mark;
		}
	} else if (s->out->len >= drop) {
		s->out->len -= drop;
	}
	if (s->out->data)
		s->out->data[s->out->len] = '\0';
}

/* Decode bytes of unknown encoding (no BOM) to UTF-8: valid UTF-8 (or valid
 * but cut mid-character at the end), else clean GB18030, else UTF-8 with
 * replacement characters when at most 1% of bytes are invalid, else GB18030
 * with replacement characters under the same bound. -1 when none fits
 * (binary data or an unknown encoding). */
static int sniff_to_utf8(const char *p, size_t n, struct sink *s)
{
	size_t ok = utf8_valid_prefix(p, n);
	size_t mark = s->total;

	if (ok != (size_t)-1) {
		sink_raw(s, p, ok);
		return 0;
	}
	if (conv_to_utf8("GB18030", p, n, 1, s, NULL) == 0)
		return 0;
	sink_rollback(s, mark);
	if (utf8_bad_bytes(p, n) * 100 <= n) {
		utf8_lossy(p, n, s);
		return 0;
	}
	{
		size_t bad = 0;
		if (conv_to_utf8("GB18030", p, n, 0, s, &bad) == 0 && bad * 100 <= n)
			return 0;
		sink_rollback(s, mark);
	}
	return -1;
}

/* Rewrite out in place: CRLF and CR become LF, form feed (pdftotext page
 * break) becomes LF, other stray C0 controls except tab are dropped. */
static void normalise_newlines(struct buf *out)
{
	size_t r = 0, w = 0;
	char *d = out->data;
	if (!d)
		return;
	while (r < out->len) {
		char c = d[r++];
		if (c == '\r') {
			if (r < out->len && d[r] == '\n')
				r++;
			c = '\n';
		} else if (c == '\f') {
			c = '\n';
		} else if ((unsigned char)c < 0x20 && c != '\n' && c != '\t') {
			continue;
		}
		d[w++] = c;
	}
	out->len = w;
	d[w] = '\0';
}

/* ---- plain text ------------------------------------------------------------ */

static int decode_text(const char *p, size_t n, struct sink *s,
		       char *err, size_t errsize)
{
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		p += 3;
		n -= 3;
	}
	if (looks_binary(p, n) || sniff_to_utf8(p, n, s) != 0) {
		snprintf(err, errsize, "%s", BINARY_MSG);
		return -1;
	}
	return 0;
}

/* ---- HTML ------------------------------------------------------------------ */

static int ascii_ieq(const char *a, const char *b, size_t n)
{
	return strncasecmp(a, b, n) == 0;
}

/* True if markup typical of an HTML document appears in the first KB. */
static int looks_html(const char *p, size_t n)
{
	static const char *const tags[] = {"<html", "<!doctype html", "<table",
					   "<body", "<head", "<p>", "<p ",
					   "<div", "<meta", NULL};
	size_t lim = n < SNIFF_BYTES ? n : SNIFF_BYTES;
	for (size_t i = 0; i < lim; i++) {
		if (p[i] != '<')
			continue;
		for (int t = 0; tags[t]; t++) {
			size_t k = strlen(tags[t]);
			if (i + k <= n && ascii_ieq(p + i, tags[t], k))
				return 1;
		}
	}
	return 0;
}

/* Find a declared charset ("charset=gb2312", also in <?xml encoding=>) in
 * the first bytes; writes the iconv name into name (GBK family -> GB18030).
 * Returns 1 if found. */
static int html_declared_charset(const char *p, size_t n, char *name, size_t size)
{
	size_t lim = n < SNIFF_BYTES ? n : SNIFF_BYTES;
	for (size_t i = 0; i + 8 < lim; i++) {
		size_t j, k = 0;
		if (ascii_ieq(p + i, "charset", 7))
			j = i + 7;
		else if (ascii_ieq(p + i, "encoding", 8))
			j = i + 8;
		else
			continue;
		while (j < lim && (p[j] == ' ' || p[j] == '\t'))
			j++;
		if (j >= lim || p[j] != '=')
			continue;
		j++;
		while (j < lim && (p[j] == ' ' || p[j] == '"' || p[j] == '\''))
			j++;
		while (j < lim && k + 1 < size &&
		       (isalnum((unsigned char)p[j]) || p[j] == '-' ||
			p[j] == '_' || p[j] == ':' || p[j] == '.'))
			name[k++] = p[j++];
		name[k] = '\0';
		if (k == 0)
			continue;
		if (!strcasecmp(name, "gb2312") || !strcasecmp(name, "gbk") ||
		    !strcasecmp(name, "x-gbk") || !strcasecmp(name, "cp936") ||
		    !strcasecmp(name, "gb_2312-80") || !strcasecmp(name, "euc-cn") ||
		    !strcasecmp(name, "gb18030"))
			snprintf(name, size, "GB18030");
		return 1;
	}
	return 0;
}

static int name_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name &&
	       strcasecmp((const char *)n->name, name) == 0;
}

static int html_is_block(const xmlNode *n)
{
	static const char *const blocks[] = {
		"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
		"tr", "table", "section", "article", "header", "footer", "nav",
		"blockquote", "pre", "hr", "dt", "dd", "dl", "form", "center",
		"title", "address", "main", "aside", "caption", "tbody", "thead",
		"tfoot", "figure", "figcaption", NULL};
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	for (int i = 0; blocks[i]; i++)
		if (name_is(n, blocks[i]))
			return 1;
	return 0;
}

static int html_is_skipped(const xmlNode *n)
{
	return name_is(n, "script") || name_is(n, "style") ||
	       name_is(n, "noscript") || name_is(n, "template") ||
	       name_is(n, "object") || name_is(n, "iframe") || name_is(n, "svg");
}

/* End the current line (no blank lines are created). */
static void sink_break(struct sink *s)
{
	s->pending_space = 0;
	s->soft_break = 0;
	if (!s->at_line_start)
		sink_raw(s, "\n", 1);
}

/* Append text, collapsing runs of white space (incl. U+00A0) to one space;
 * nothing is emitted at the start of a line. In a soft break (paragraphs
 * joined inside one table cell) a space is added only between two ASCII
 * characters, so Chinese labels split over lines join without a gap. */
static void sink_text(struct sink *s, const char *t, size_t n, int keep_ws)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		int ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
		size_t k = 1;
		if (c == 0xC2 && i + 1 < n && (unsigned char)t[i + 1] == 0xA0) {
			ws = 1;
			k = 2;
		}
		if (keep_ws) {
			sink_raw(s, ws && k == 2 ? " " : (const char *)t + i, 1);
			i += k - 1;
			continue;
		}
		if (ws) {
			if (!s->at_line_start)
				s->pending_space = 1;
			i += k - 1;
			continue;
		}
		if (s->soft_break && !s->at_line_start && s->out->len > 0 &&
		    (unsigned char)s->out->data[s->out->len - 1] < 0x80 &&
		    s->out->data[s->out->len - 1] != ' ' && c < 0x80)
			s->pending_space = 1;
		s->soft_break = 0;
		if (s->pending_space) {
			sink_raw(s, " ", 1);
			s->pending_space = 0;
		}
		sink_raw(s, (const char *)t + i, 1);
	}
}

static void html_walk(const xmlNode *n, struct sink *s, int in_cell, int in_pre);

/* Count block-level descendants (stops counting at 3) and note tables. */
static void html_cell_shape(const xmlNode *n, int *blocks, int *tables)
{
	for (const xmlNode *c = n->children; c && *blocks < 3; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (name_is(c, "table"))
			(*tables)++;
		if (html_is_block(c) || name_is(c, "br"))
			(*blocks)++;
		html_cell_shape(c, blocks, tables);
	}
}

static int html_is_cell(const xmlNode *n)
{
	return name_is(n, "td") || name_is(n, "th");
}

/* A <tr> whose cells hold nested tables or several paragraphs is page
 * layout, not data: walk its cells as ordinary blocks. */
static int html_row_is_layout(const xmlNode *tr)
{
	for (const xmlNode *c = tr->children; c; c = c->next) {
		int blocks = 0, tables = 0;
		if (!html_is_cell(c))
			continue;
		html_cell_shape(c, &blocks, &tables);
		if (tables > 0 || blocks >= 3)
			return 1;
	}
	return 0;
}

/* One data row: "cell | cell | ... |" on one line. */
static void html_row(const xmlNode *tr, struct sink *s)
{
	int first = 1;
	sink_break(s);
	for (const xmlNode *c = tr->children; c; c = c->next) {
		size_t before;
		if (!html_is_cell(c))
			continue;
		if (!first)
			sink_raw(s, " ", 1);
		first = 0;
		s->pending_space = 0;
		s->soft_break = 0;
		before = s->total;
		html_walk(c->children, s, 1, 0);
		/* an empty cell is just "|" */
		sink_raw(s, s->total == before ? "|" : " |", s->total == before ? 1 : 2);
	}
	sink_break(s);
}

static void html_walk(const xmlNode *n, struct sink *s, int in_cell, int in_pre)
{
	for (; n; n = n->next) {
		if (sink_over(s))
			return;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				sink_text(s, (const char *)n->content,
					  strlen((const char *)n->content), in_pre && !in_cell);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || html_is_skipped(n))
			continue;
		if (name_is(n, "head")) {
			for (const xmlNode *c = n->children; c; c = c->next)
				if (name_is(c, "title")) {
					sink_break(s);
					html_walk(c->children, s, 0, 0);
					sink_break(s);
				}
			continue;
		}
		if (name_is(n, "tr") && !in_cell && !html_row_is_layout(n)) {
			html_row(n, s);
			continue;
		}
		if (in_cell) {
			/* inside a data cell line breaks join the text */
			if (html_is_block(n) || name_is(n, "br"))
				s->soft_break = 1;
			html_walk(n->children, s, 1, in_pre);
			if (html_is_block(n))
				s->soft_break = 1;
			continue;
		}
		if (name_is(n, "br")) {
			s->pending_space = 0;
			sink_raw(s, "\n", 1);
			continue;
		}
		if (html_is_block(n) || html_is_cell(n))
			sink_break(s);
		html_walk(n->children, s, 0, in_pre || name_is(n, "pre"));
		if (html_is_block(n) || html_is_cell(n))
			sink_break(s);
	}
}

static int decode_html(const char *p, size_t n, int known_utf8, struct sink *s,
		       char *err, size_t errsize)
{
	struct buf utf8 = BUF_INIT(0);
	struct sink tmp;
	char cs[64];
	htmlDocPtr doc;
	int rc = 0;

	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
		p += 3;
		n -= 3;
		known_utf8 = 1;
	}
	if (looks_binary(p, n)) {
		snprintf(err, errsize, "%s", BINARY_MSG);
		return -1;
	}
	/* Convert to UTF-8 first, then parse ignoring the declared encoding so
	 * one place decides. Valid UTF-8 wins over a stale meta charset (GBK
	 * text of any length is practically never valid UTF-8). */
	sink_init(&tmp, &utf8);
	utf8.max = 0;
	if (known_utf8 || utf8_valid_prefix(p, n) != (size_t)-1)
		rc = sniff_to_utf8(p, n, &tmp);
	else if (html_declared_charset(p, n, cs, sizeof cs) &&
		 conv_to_utf8(cs, p, n, 1, &tmp, NULL) == 0)
		rc = 0;
	else {
		buf_reset(&utf8);
		tmp.total = 0;
		rc = sniff_to_utf8(p, n, &tmp);
		if (rc != 0 && html_declared_charset(p, n, cs, sizeof cs)) {
			buf_reset(&utf8);
			tmp.total = 0;
			rc = conv_to_utf8(cs, p, n, 0, &tmp, NULL);
		}
	}
	if (rc != 0) {
		buf_free(&utf8);
		snprintf(err, errsize, "%s", BINARY_MSG);
		return -1;
	}
	doc = htmlReadMemory(buf_str(&utf8), (int)utf8.len, NULL, "UTF-8",
			     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
			     HTML_PARSE_NONET | HTML_PARSE_RECOVER |
			     HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
	buf_free(&utf8);
	if (!doc) {
		snprintf(err, errsize, "HTML document could not be parsed");
		return -1;
	}
	html_walk(xmlDocGetRootElement(doc), s, 0, 0);
	xmlFreeDoc(doc);
	return 0;
}

/* ---- DOCX ------------------------------------------------------------------ */

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

struct docx_state {
	struct sink *s;
	struct buf cell;   /* text of the current top-level cell */
	int tbl_depth;
	int in_t;          /* inside <w:t> */
	int skip_depth;    /* inside mc:Fallback or w:del: ignore */
	int row_cells;     /* cells emitted on the current row */
	struct sink cell_sink;
};

/* Append the finished cell to the row line. */
static void docx_end_cell(struct docx_state *st)
{
	struct sink *s = st->s;
	if (st->cell.overflow)   /* count the lost text so the cap reports it */
		s->total += st->cell_sink.total;
	if (st->row_cells++ > 0)
		sink_raw(s, " ", 1);
	if (st->cell.len > 0) {
		sink_raw(s, st->cell.data, st->cell.len);
		sink_raw(s, " |", 2);
	} else {
		sink_raw(s, "|", 1);
	}
	buf_reset(&st->cell);
}

/* Where text goes now: the cell buffer inside a table, else the output. */
static struct sink *docx_target(struct docx_state *st)
{
	return st->tbl_depth > 0 ? &st->cell_sink : st->s;
}

static void docx_element(struct docx_state *st, const char *name, int start)
{
	struct sink *t = docx_target(st);
	if (!strcmp(name, "tbl")) {
		if (start) {
			if (st->tbl_depth == 0)
				sink_break(st->s);
			st->tbl_depth++;
		} else if (st->tbl_depth > 0) {
			st->tbl_depth--;
		}
	} else if (!strcmp(name, "tr") && st->tbl_depth == 1) {
		if (start) {
			sink_break(st->s);
			st->row_cells = 0;
		} else {
			sink_break(st->s);
		}
	} else if (!strcmp(name, "tc") && st->tbl_depth == 1) {
		if (start) {
			buf_reset(&st->cell);
			st->cell_sink.at_line_start = 1;
			st->cell_sink.pending_space = 0;
			st->cell_sink.soft_break = 0;
		} else {
			docx_end_cell(st);
		}
	} else if (!strcmp(name, "tc") || !strcmp(name, "tr")) {
		if (!start && !st->cell_sink.at_line_start)
			st->cell_sink.pending_space = 1;  /* nested table */
	} else if (!strcmp(name, "p")) {
		if (start)
			return;
		if (st->tbl_depth > 0)
			t->soft_break = 1;
		else
			sink_break(t);
	} else if (!strcmp(name, "t")) {
		st->in_t = start;
	} else if (start && !strcmp(name, "tab")) {
		sink_text(t, " ", 1, st->tbl_depth == 0);
	} else if (start && (!strcmp(name, "br") || !strcmp(name, "cr"))) {
		if (st->tbl_depth > 0) {
			t->soft_break = 1;
		} else {
			t->pending_space = 0;
			sink_raw(t, "\n", 1);
		}
	} else if (start && !strcmp(name, "noBreakHyphen")) {
		sink_text(t, "-", 1, 0);
	}
}

/* Stream word/document.xml through the libxml2 reader (bounded memory). */
static int docx_xml_to_text(const char *xml, size_t n, struct sink *s,
			    char *err, size_t errsize)
{
	struct docx_state st;
	xmlTextReaderPtr r;
	int ret;

	memset(&st, 0, sizeof st);
	st.s = s;
	buf_init(&st.cell, DECODE_MAX_TEXT);
	sink_init(&st.cell_sink, &st.cell);
	st.cell.max = DECODE_MAX_TEXT;
	r = xmlReaderForMemory(xml, (int)n, "document.xml", NULL,
			       XML_PARSE_NONET | XML_PARSE_NOERROR |
			       XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
	if (!r) {
		buf_free(&st.cell);
		snprintf(err, errsize, "corrupt DOCX: cannot read word/document.xml");
		return -1;
	}
	while ((ret = xmlTextReaderRead(r)) == 1 && !sink_over(s)) {
		int type = xmlTextReaderNodeType(r);
		const char *local = (const char *)xmlTextReaderConstLocalName(r);
		if (!local)
			local = "";
		const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
		int is_w = ns && !strcmp(ns, W_NS);

		if (type == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(r);
			if (!empty && (!strcmp(local, "Fallback") ||
				       (is_w && (!strcmp(local, "del") ||
						 !strcmp(local, "instrText")))))
				st.skip_depth++;
			if (st.skip_depth == 0 && is_w) {
				docx_element(&st, local, 1);
				if (empty)
					docx_element(&st, local, 0);
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (!strcmp(local, "Fallback") ||
			    (is_w && (!strcmp(local, "del") || !strcmp(local, "instrText")))) {
				if (st.skip_depth > 0)
					st.skip_depth--;
			} else if (st.skip_depth == 0 && is_w) {
				docx_element(&st, local, 0);
			}
		} else if ((type == XML_READER_TYPE_TEXT ||
			    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
			    type == XML_READER_TYPE_CDATA) &&
			   st.in_t && st.skip_depth == 0) {
			const char *v = (const char *)xmlTextReaderConstValue(r);
			if (v)
				sink_text(docx_target(&st), v, strlen(v), 0);
		}
	}
	xmlFreeTextReader(r);
	buf_free(&st.cell);
	if (ret < 0) {
		snprintf(err, errsize,
			 "corrupt DOCX: word/document.xml is not well-formed XML");
		return -1;
	}
	sink_break(s);
	return 0;
}

static int decode_docx(const char *p, size_t n, struct sink *s,
		       char *err, size_t errsize)
{
	zip_error_t zerr;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t zs;
	zip_file_t *zf;
	zip_int64_t idx, got;
	struct buf xml = BUF_INIT(DOCX_MAX_XML);
	char chunk[65536];
	int rc = -1;
	int named_docx = memmem(p, n, "word/", 5) != NULL;

	zip_error_init(&zerr);
	src = zip_source_buffer_create(p, n, 0, &zerr);
	if (!src) {
		snprintf(err, errsize, "cannot read zip archive");
		zip_error_fini(&zerr);
		return -1;
	}
	za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
	if (!za) {
		zip_source_free(src);
		snprintf(err, errsize, "truncated or corrupt %s (%s)",
			 named_docx ? "DOCX file" : "zip archive",
			 zip_error_strerror(&zerr));
		zip_error_fini(&zerr);
		return -1;
	}
	zip_error_fini(&zerr);
	idx = zip_name_locate(za, "word/document.xml", 0);
	if (idx < 0) {
		snprintf(err, errsize,
			 "zip archive is not a DOCX document (no word/document.xml)");
		goto out;
	}
	zip_stat_init(&zs);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &zs) == 0 &&
	    (zs.valid & ZIP_STAT_SIZE) && zs.size > DOCX_MAX_XML) {
		snprintf(err, errsize,
			 "DOCX too large: word/document.xml is %llu MB uncompressed (limit %zu MB)",
			 (unsigned long long)((zs.size + (1u << 20) - 1) >> 20),
			 DOCX_MAX_XML >> 20);
		goto out;
	}
	zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!zf) {
		snprintf(err, errsize, "corrupt DOCX: cannot open word/document.xml (%s)",
			 zip_strerror(za));
		goto out;
	}
	while ((got = zip_fread(zf, chunk, sizeof chunk)) > 0) {
		if (buf_add(&xml, chunk, (size_t)got)) {
			snprintf(err, errsize,
				 "DOCX too large: word/document.xml exceeds %zu MB uncompressed",
				 DOCX_MAX_XML >> 20);
			zip_fclose(zf);
			goto out;
		}
	}
	if (got < 0) {
		snprintf(err, errsize, "corrupt DOCX: cannot read word/document.xml (%s)",
			 zip_file_strerror(zf));
		zip_fclose(zf);
		goto out;
	}
	zip_fclose(zf);
	rc = docx_xml_to_text(buf_str(&xml), xml.len, s, err, errsize);
out:
	buf_free(&xml);
	zip_discard(za);
	return rc;
}

/* ---- PDF ------------------------------------------------------------------- */

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* True if "%%EOF" occurs in the last KB (where every complete PDF has it). */
static int pdf_has_eof(const char *p, size_t n)
{
	size_t from = n > 1024 ? n - 1024 : 0;
	return memmem(p + from, n - from, "%%EOF", 5) != NULL;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The time limit: PDF_TIMEOUT_MS, or $GONGKAI_PDF_TIMEOUT seconds (1-600). */
static long long pdf_timeout_ms(void)
{
	const char *v = getenv("GONGKAI_PDF_TIMEOUT");
	int sec;
	if (v && str_to_int(v, 1, 600, &sec) == 0)
		return (long long)sec * 1000;
	return PDF_TIMEOUT_MS;
}

/* Run pdftotext (or $GONGKAI_PDFTOTEXT) with the PDF on stdin and its text on
 * stdout, bounded in size and time; the child is killed on overrun. */
static int decode_pdf(const char *p, size_t n, struct sink *s,
		      char *err, size_t errsize)
{
	const char *prog = getenv("GONGKAI_PDFTOTEXT");
	int in[2] = {-1, -1}, outp[2] = {-1, -1}, errp[2] = {-1, -1};
	char ebuf[512], chunk[65536];
	size_t elen = 0, written = 0;
	sigset_t block, old;
	long long deadline, timeout;
	int status = 0, timed_out = 0, truncated_out = 0;
	pid_t pid;

	if (!prog || !*prog)
		prog = "pdftotext";
	if (!pdf_has_eof(p, n)) {
		snprintf(err, errsize, "truncated or corrupt PDF (no %%%%EOF marker at the end)");
		return -1;
	}
	if (pipe2(in, O_CLOEXEC) || pipe2(outp, O_CLOEXEC) || pipe2(errp, O_CLOEXEC)) {
		snprintf(err, errsize, "cannot run pdftotext: %s", strerror(errno));
		close_fd(&in[0]); close_fd(&in[1]); close_fd(&outp[0]);
		close_fd(&outp[1]); close_fd(&errp[0]); close_fd(&errp[1]);
		return -1;
	}
	/* Block SIGPIPE in this thread while writing to the child. */
	sigemptyset(&block);
	sigaddset(&block, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	pid = fork();
	if (pid == 0) {
		struct rlimit lim = {1u << 30, 1u << 30};
		char *argv[] = {(char *)prog, "-layout", "-enc", "UTF-8",
				"-", "-", NULL};
		sigprocmask(SIG_SETMASK, &old, NULL);
		signal(SIGPIPE, SIG_DFL);
		setrlimit(RLIMIT_AS, &lim);
		lim.rlim_cur = lim.rlim_max = PDF_TIMEOUT_MS / 1000 + 5;
		setrlimit(RLIMIT_CPU, &lim);
		if (dup2(in[0], 0) < 0 || dup2(outp[1], 1) < 0 || dup2(errp[1], 2) < 0)
			_exit(126);
		execvp(prog, argv);
		_exit(errno == ENOENT ? 127 : 126);
	}
	close_fd(&in[0]);
	close_fd(&outp[1]);
	close_fd(&errp[1]);
	if (pid < 0) {
		snprintf(err, errsize, "cannot run pdftotext: %s", strerror(errno));
		close_fd(&in[1]); close_fd(&outp[0]); close_fd(&errp[0]);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	timeout = pdf_timeout_ms();
	deadline = now_ms() + timeout;
	while (outp[0] >= 0 || errp[0] >= 0) {
		struct pollfd pf[3];
		int np = 0, left = (int)(deadline - now_ms());
		if (left <= 0) {
			timed_out = 1;
			break;
		}
		if (in[1] >= 0)
			pf[np++] = (struct pollfd){in[1], POLLOUT, 0};
		if (outp[0] >= 0)
			pf[np++] = (struct pollfd){outp[0], POLLIN, 0};
		if (errp[0] >= 0)
			pf[np++] = (struct pollfd){errp[0], POLLIN, 0};
		if (poll(pf, (nfds_t)np, left) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < np; i++) {
			ssize_t k;
			if (!pf[i].revents)
				continue;
			if (pf[i].fd == in[1]) {
				k = write(in[1], p + written, n - written);
				if (k > 0)
					written += (size_t)k;
				if ((k < 0 && errno != EAGAIN && errno != EINTR) || written == n)
					close_fd(&in[1]);
			} else if (pf[i].fd == outp[0]) {
				k = read(outp[0], chunk, sizeof chunk);
				if (k > 0)
					sink_raw(s, chunk, (size_t)k);
				else if (k == 0 || (errno != EAGAIN && errno != EINTR))
					close_fd(&outp[0]);
				if (sink_over(s)) {
					truncated_out = 1;
					break;
				}
			} else {
				k = read(errp[0], ebuf + elen, sizeof ebuf - 1 - elen);
				if (k > 0)
					elen += (size_t)k;
				else if (k == 0 || (errno != EAGAIN && errno != EINTR) ||
					 elen + 1 >= sizeof ebuf)
					close_fd(&errp[0]);
			}
		}
		if (truncated_out)
			break;
	}
	if (timed_out || truncated_out)
		kill(pid, SIGKILL);
	close_fd(&in[1]);
	close_fd(&outp[0]);
	close_fd(&errp[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	/* Discard a SIGPIPE raised by writing to an exited child. */
	{
		sigset_t pending;
		struct timespec zero = {0, 0};
		sigpending(&pending);
		if (sigismember(&pending, SIGPIPE) && !sigismember(&old, SIGPIPE))
			sigtimedwait(&block, NULL, &zero);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	ebuf[elen] = '\0';
	for (size_t i = 0; i < elen; i++)
		if (ebuf[i] == '\n' || ebuf[i] == '\r') {
			ebuf[i] = '\0';
			break;
		}
	if (truncated_out) {
		snprintf(err, errsize,
			 "document text too large (more than %u MB, limit %u MB)",
			 DECODE_MAX_TEXT >> 20, DECODE_MAX_TEXT >> 20);
		return -1;
	}
	if (timed_out) {
		snprintf(err, errsize, "PDF conversion took longer than %lld s and was stopped",
			 timeout / 1000);
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		snprintf(err, errsize,
			 "cannot convert PDF: %s not found (install poppler-utils)", prog);
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, errsize, "truncated or corrupt PDF (pdftotext failed%s%s)",
			 elen ? ": " : "", ebuf);
		return -1;
	}
	return 0;
}

/* ---- entry points ---------------------------------------------------------- */

static int only_space(const struct buf *b)
{
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];
		if (c != ' ' && c != '\n' && c != '\t')
			return 0;
	}
	return 1;
}

int report_decode(const char *data, size_t len, struct buf *out,
		  enum decode_kind *kind_out, char *err, size_t errsize)
{
	struct sink s;
	struct buf conv = BUF_INIT(0);
	enum decode_kind kind = DECODE_TEXT;
	int rc, known_utf8 = 0;

	sink_init(&s, out);
	if (kind_out)
		*kind_out = DECODE_TEXT;
	if (len == 0) {
		snprintf(err, errsize, "empty file");
		return -1;
	}
	if (len > DECODE_MAX_INPUT) {
		snprintf(err, errsize, "file too large (%zu MB, limit %u MB)",
			 (len + (1u << 20) - 1) >> 20, DECODE_MAX_INPUT >> 20);
		return -1;
	}
	if (len >= 5 && memcmp(data, "%PDF-", 5) == 0) {
		kind = DECODE_PDF;
		rc = decode_pdf(data, len, &s, err, errsize);
	} else if (len >= 4 && (memcmp(data, "PK\3\4", 4) == 0 ||
				memcmp(data, "PK\5\6", 4) == 0)) {
		kind = DECODE_DOCX;
		rc = decode_docx(data, len, &s, err, errsize);
	} else {
		/* UTF-16 with a BOM: convert first, then treat as UTF-8 */
		const char *from = NULL;
		if (len >= 2 && memcmp(data, "\xFF\xFE", 2) == 0)
			from = "UTF-16LE";
		else if (len >= 2 && memcmp(data, "\xFE\xFF", 2) == 0)
			from = "UTF-16BE";
		if (from) {
			struct sink cs;
			size_t bad = 0;
			sink_init(&cs, &conv);
			conv.max = 0;
			conv_to_utf8(from, data + 2, len - 2, 0, &cs, &bad);
			if (bad * 100 > len / 2 + 1) {
				buf_free(&conv);
				snprintf(err, errsize, "%s", BINARY_MSG);
				return -1;
			}
			data = buf_str(&conv);
			len = conv.len;
			known_utf8 = 1;
		}
		if (looks_html(data, len)) {
			kind = DECODE_HTML;
			rc = decode_html(data, len, known_utf8, &s, err, errsize);
		} else {
			rc = decode_text(data, len, &s, err, errsize);
		}
	}
	buf_free(&conv);
	if (kind_out)
		*kind_out = kind;
	if (rc == 0 && sink_over(&s)) {
		too_large(s.total, err, errsize);
		rc = -1;
	}
	if (rc == 0) {
		normalise_newlines(out);
		if (only_space(out)) {
			snprintf(err, errsize, kind == DECODE_PDF
				 ? "PDF has no text layer (scanned images?)"
				 : "document contains no text");
			rc = -1;
		}
	}
	if (rc != 0)
		buf_free(out);
	return rc;
}

int report_decode_file(const char *path, struct buf *out,
		       enum decode_kind *kind_out, char *err, size_t errsize)
{
	struct buf raw = BUF_INIT(0);
	int rc = file_read(path, DECODE_MAX_INPUT, &raw, err, errsize);
	if (rc == FILE_TOO_BIG)
		snprintf(err, errsize, "file too large (limit %u MB)",
			 DECODE_MAX_INPUT >> 20);
	if (rc == 0)
		rc = report_decode(raw.data ? raw.data : "", raw.len, out, kind_out,
				   err, errsize);
	buf_free(&raw);
	return rc;
}

const char *decode_kind_name(enum decode_kind k)
{
	static const char *const names[] = {"text", "html", "docx", "pdf"};
	return (unsigned)k < 4 ? names[k] : "text";
}
