/* forms.h - HTML form bodies and their validation messages.
 *
 * form_parse() reads application/x-www-form-urlencoded or
 * multipart/form-data from the request body (already capped by the
 * server) into a bounded list of fields: at most FORM_MAX_FIELDS fields,
 * names up to FORM_NAME_MAX bytes; text values must be valid UTF-8.
 * File parts keep their bytes, file name and content type.
 *
 * Validation messages are collected per field in struct form_errors and
 * put into a template context as err_FIELD (the message, shown next to
 * the field) plus a list "errors" {field, message} for the summary. */
#ifndef GK_WEB_FORMS_H
#define GK_WEB_FORMS_H

#include <stddef.h>
#include <stdint.h>

struct http_request;
struct tpl_ctx;
struct svc_error;

#define FORM_MAX_FIELDS 64
#define FORM_NAME_MAX 64
#define FORM_MAX_ERRORS 32

struct form_field {
	char name[FORM_NAME_MAX];
	char *value;            /* NUL-terminated (files may contain NULs: use len) */
	size_t len;
	char *filename;         /* multipart file parts, else NULL */
	char *content_type;     /* multipart parts with a Content-Type, else NULL */
};

struct form {
	struct form_field f[FORM_MAX_FIELDS];
	int n;
};

struct form_errors {
	struct { char field[FORM_NAME_MAX]; char message[256]; } e[FORM_MAX_ERRORS];
	int n;
};

/* Parse the request body by its Content-Type. 0, or -1 for a malformed
 * body, too many fields, invalid UTF-8 in a text field, or an unsupported
 * type (the form is left empty and freed-safe). */
int form_parse(struct http_request *req, struct form *f);
/* Parse "a=1&b=%E4%B8%AD" (also query strings). 0 or -1 as above. */
int form_parse_urlencoded(const char *body, size_t len, struct form *f);
/* Parse a multipart/form-data body with the given boundary. 0 or -1. */
int form_parse_multipart(const char *body, size_t len, const char *boundary,
			 struct form *f);
/* Free the values (the struct is the caller's). */
void form_free(struct form *f);
/* The first value of name, or NULL. */
const char *form_get(const struct form *f, const char *name);
/* The value of name with surrounding ASCII spaces trimmed, or "" if absent. */
const char *form_text(struct form *f, const char *name);
/* The first field named name (to read files), or NULL. */
const struct form_field *form_field(const struct form *f, const char *name);
/* Parse name as an int64; 0, or -1 if absent or not a number. */
int form_int64(const struct form *f, const char *name, int64_t *out);

/* Record a message for field (the first message per field wins). */
void form_error(struct form_errors *e, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Require a non-empty value: records "请填写LABEL" and returns -1 if empty. */
int form_require(struct form *f, struct form_errors *e, const char *name, const char *label);
/* Require at most max_chars characters: records "LABEL不能超过N个字". */
int form_max_chars(struct form *f, struct form_errors *e, const char *name,
		   const char *label, size_t max_chars);
/* Record a service error against its field (or "_form" when it has none). */
void form_error_svc(struct form_errors *e, const struct svc_error *err);
/* The message for field, or NULL. */
const char *form_error_for(const struct form_errors *e, const char *field);
/* Put err_FIELD for each message and the list "errors" into ctx, and
 * has_errors when there are any. */
void form_errors_to_ctx(const struct form_errors *e, struct tpl_ctx *ctx);
/* Copy every text field into ctx as v_NAME (for re-showing a form). */
void form_values_to_ctx(const struct form *f, struct tpl_ctx *ctx);

/* Percent-encode s for a URL query value into out (size bytes). */
void form_url_encode(const char *s, char *out, size_t size);

#endif
