/* forms.c - urlencoded and multipart form parsing, validation messages. */
#include "web/forms.h"
#include "web/http.h"
#include "web/template.h"
#include "service/service.h"
#include "base/buf.h"
#include "base/str.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode %XX and '+' from s[0..n) into a new string; NULL if malformed. */
static char *url_decode(const char *s, size_t n, size_t *outlen)
{
	char *out = xmalloc(n + 1);
	size_t i, k = 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[k++] = ' ';
		} else if (s[i] == '%') {
			int hi, lo;
			hi = i + 1 < n ? hexval(s[i + 1]) : -1;
			lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				free(out);
				return NULL;
			}
			out[k++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[k++] = s[i];
		}
	}
	out[k] = '\0';
	*outlen = k;
	return out;
}

static int add_field(struct form *f, const char *name, size_t nlen, char *value, size_t vlen)
{
	struct form_field *ff;
	if (f->n >= FORM_MAX_FIELDS || nlen == 0 || nlen >= FORM_NAME_MAX)
		return -1;  /* value stays the caller's */
	ff = &f->f[f->n++];
	memset(ff, 0, sizeof *ff);
	memcpy(ff->name, name, nlen);
	ff->name[nlen] = '\0';
	ff->value = value;
	ff->len = vlen;
	return 0;
}

int form_parse_urlencoded(const char *body, size_t len, struct form *f)
{
	size_t i = 0;
	while (i < len) {
		size_t end = i, eq, nlen, vlen;
		char *name, *value;
		while (end < len && body[end] != '&')
			end++;
		if (end > i) {
			for (eq = i; eq < end && body[eq] != '='; eq++)
				;
			name = url_decode(body + i, eq - i, &nlen);
			value = url_decode(body + (eq < end ? eq + 1 : end),
					   eq < end ? end - eq - 1 : 0, &vlen);
			if (!name || !value || !utf8_valid(name, nlen) || !utf8_valid(value, vlen) ||
			    strlen(name) != nlen || strlen(value) != vlen ||
			    add_field(f, name, nlen, value, vlen)) {
				free(value);
				free(name);
				form_free(f);
				return -1;
			}
			free(name);
		}
		i = end + 1;
	}
	return 0;
}

/* Find needle (n bytes) in hay[0..len), or NULL. */
static const char *memfind(const char *hay, size_t len, const char *needle, size_t n)
{
	size_t i;
	if (n == 0 || len < n)
		return NULL;
	for (i = 0; i + n <= len; i++)
		if (hay[i] == needle[0] && !memcmp(hay + i, needle, n))
			return hay + i;
	return NULL;
}

/* Copy the value of `key="..."` from a header line, or NULL. */
static char *header_param(const char *line, size_t n, const char *key)
{
	size_t klen = strlen(key), i;
	for (i = 0; i + klen + 2 <= n; i++) {
		if ((i == 0 || line[i - 1] == ' ' || line[i - 1] == ';') &&
		    !strncasecmp(line + i, key, klen) && line[i + klen] == '=' &&
		    line[i + klen + 1] == '"') {
			const char *v = line + i + klen + 2;
			const char *q = memchr(v, '"', n - (size_t)(v - line));
			if (!q)
				return NULL;
			return xstrndup(v, (size_t)(q - v));
		}
	}
	return NULL;
}

int form_parse_multipart(const char *body, size_t len, const char *boundary,
			 struct form *f)
{
	char delim[128];
	size_t dlen;
	const char *p, *end = body + len;
	int n = snprintf(delim, sizeof delim, "--%s", boundary);
	if (n < 3 || (size_t)n >= sizeof delim)
		return -1;
	dlen = (size_t)n;
	p = memfind(body, len, delim, dlen);
	if (!p)
		return -1;
	for (;;) {
		const char *hdr, *data, *next;
		char *name = NULL, *filename = NULL, *ctype = NULL, *value;
		p += dlen;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0; /* closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			goto bad;
		hdr = p + 2;
		data = memfind(hdr, (size_t)(end - hdr), "\r\n\r\n", 4);
		if (!data)
			goto bad;
		/* headers: one per line */
		while (hdr < data) {
			const char *eol = memfind(hdr, (size_t)(data - hdr) + 2, "\r\n", 2);
			size_t ln = (size_t)(eol - hdr);
			if (ln > 20 && !strncasecmp(hdr, "Content-Disposition:", 20)) {
				free(name);
				free(filename);
				name = header_param(hdr, ln, "name");
				filename = header_param(hdr, ln, "filename");
			} else if (ln > 13 && !strncasecmp(hdr, "Content-Type:", 13)) {
				const char *v = hdr + 13;
				while (*v == ' ')
					v++;
				free(ctype);
				ctype = xstrndup(v, (size_t)(eol - v));
			}
			hdr = eol + 2;
		}
		data += 4;
		{
			char d2[132];
			snprintf(d2, sizeof d2, "\r\n%s", delim);
			next = memfind(data, (size_t)(end - data), d2, dlen + 2);
		}
		if (!next || !name)
			goto bad_free;
		value = xmalloc((size_t)(next - data) + 1);
		memcpy(value, data, (size_t)(next - data));
		value[next - data] = '\0';
		if (!filename && !utf8_valid(value, (size_t)(next - data))) {
			free(value);
			goto bad_free;
		}
		if (add_field(f, name, strlen(name), value, (size_t)(next - data))) {
			free(value);
			goto bad_free;
		}
		f->f[f->n - 1].filename = filename;
		f->f[f->n - 1].content_type = ctype;
		free(name);
		p = next + 2;
		continue;
bad_free:
		free(name);
		free(filename);
		free(ctype);
		goto bad;
	}
bad:
	form_free(f);
	return -1;
}

int form_parse(struct http_request *req, struct form *f)
{
	const char *ct = http_header(req, "Content-Type");
	const char *body = req->body.data ? req->body.data : "";
	memset(f, 0, sizeof *f);
	if (!ct || !strncasecmp(ct, "application/x-www-form-urlencoded", 33))
		return form_parse_urlencoded(body, req->body.len, f);
	if (!strncasecmp(ct, "multipart/form-data", 19)) {
		const char *b = strstr(ct, "boundary=");
		char boundary[80];
		size_t n;
		if (!b)
			return -1;
		b += 9;
		if (*b == '"')
			b++;
		n = strcspn(b, "\";");
		if (n == 0 || n >= sizeof boundary)
			return -1;
		memcpy(boundary, b, n);
		boundary[n] = '\0';
		return form_parse_multipart(body, req->body.len, boundary, f);
	}
	return -1;
}

void form_free(struct form *f)
{
	int i;
	for (i = 0; i < f->n; i++) {
		free(f->f[i].value);
		free(f->f[i].filename);
		free(f->f[i].content_type);
	}
	f->n = 0;
}

const struct form_field *form_field(const struct form *f, const char *name)
{
	int i;
	for (i = 0; i < f->n; i++)
		if (!strcmp(f->f[i].name, name))
			return &f->f[i];
	return NULL;
}

const char *form_get(const struct form *f, const char *name)
{
	const struct form_field *ff = form_field(f, name);
	return ff ? ff->value : NULL;
}

const char *form_text(struct form *f, const char *name)
{
	int i;
	for (i = 0; i < f->n; i++)
		if (!strcmp(f->f[i].name, name) && !f->f[i].filename) {
			str_trim(f->f[i].value);
			f->f[i].len = strlen(f->f[i].value);
			return f->f[i].value;
		}
	return "";
}

int form_int64(const struct form *f, const char *name, int64_t *out)
{
	const char *v = form_get(f, name);
	return v ? str_to_int64(v, out) : -1;
}

void form_error(struct form_errors *e, const char *field, const char *fmt, ...)
{
	va_list ap;
	if (e->n >= FORM_MAX_ERRORS || form_error_for(e, field))
		return;
	str_copy(e->e[e->n].field, field, sizeof e->e[e->n].field);
	va_start(ap, fmt);
	vsnprintf(e->e[e->n].message, sizeof e->e[e->n].message, fmt, ap);
	va_end(ap);
	e->n++;
}

int form_require(struct form *f, struct form_errors *e, const char *name, const char *label)
{
	if (form_text(f, name)[0])
		return 0;
	form_error(e, name, "请填写%s", label);
	return -1;
}

int form_max_chars(struct form *f, struct form_errors *e, const char *name,
		   const char *label, size_t max_chars)
{
	const char *v = form_text(f, name);
	if (utf8_len(v, strlen(v)) <= max_chars)
		return 0;
	form_error(e, name, "%s不能超过%zu个字", label, max_chars);
	return -1;
}

void form_error_svc(struct form_errors *e, const struct svc_error *err)
{
	form_error(e, err->field[0] ? err->field : "_form", "%s", err->message);
}

const char *form_error_for(const struct form_errors *e, const char *field)
{
	int i;
	for (i = 0; i < e->n; i++)
		if (!strcmp(e->e[i].field, field))
			return e->e[i].message;
	return NULL;
}

void form_errors_to_ctx(const struct form_errors *e, struct tpl_ctx *ctx)
{
	int i;
	char key[FORM_NAME_MAX + 8];
	for (i = 0; i < e->n; i++) {
		struct tpl_ctx *item = tpl_add(ctx, "errors");
		tpl_set(item, "field", e->e[i].field);
		tpl_set(item, "message", e->e[i].message);
		snprintf(key, sizeof key, "err_%s", e->e[i].field);
		tpl_set(ctx, key, e->e[i].message);
	}
	tpl_set_bool(ctx, "has_errors", e->n > 0);
}

void form_values_to_ctx(const struct form *f, struct tpl_ctx *ctx)
{
	int i;
	char key[FORM_NAME_MAX + 8];
	for (i = 0; i < f->n; i++) {
		if (f->f[i].filename || !strcmp(f->f[i].name, "csrf"))
			continue;
		snprintf(key, sizeof key, "v_%s", f->f[i].name);
		tpl_set(ctx, key, f->f[i].value);
		/* v_NAME_VALUE marks the chosen option of a select or radio group */
		if (f->f[i].len && f->f[i].len < 32) {
			snprintf(key, sizeof key, "v_%s_%s", f->f[i].name, f->f[i].value);
			if (strlen(key) < sizeof key - 1)
				tpl_set_bool(ctx, key, 1);
		}
	}
}

void form_url_encode(const char *s, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = 0;
	if (size == 0)
		return;
	for (; *s && k + 4 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
			out[k++] = (char)c;
		} else {
			out[k++] = '%';
			out[k++] = hex[c >> 4];
			out[k++] = hex[c & 15];
		}
	}
	out[k] = '\0';
}
