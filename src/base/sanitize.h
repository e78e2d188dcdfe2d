/* sanitize.h - HTML sanitizer for rich-text item bodies.
 *
 * The input is parsed by libxml2's HTML parser (so broken markup is
 * repaired the way browsers do) and re-serialised from an allow-list:
 * structural and inline text elements, lists, tables, links and images.
 * Everything else is removed: script, style, iframe, object, embed, form
 * controls and the like with their content; other unknown elements are
 * unwrapped (their text is kept). Only a few attributes survive (href
 * and title on a; src, alt, width, height on img; colspan and rowspan on
 * table cells) - never event handlers, style or class. URLs must be
 * relative or http, https or mailto (img: http, https or relative);
 * javascript:, data:, vbscript: and any other scheme are dropped, also
 * when disguised with entities, case or embedded white space. Links get
 * rel="noopener noreferrer". The output is UTF-8. */
#ifndef GK_SANITIZE_H
#define GK_SANITIZE_H

#include <stddef.h>
#include "base/buf.h"

/* Sanitize n bytes of HTML into out (appended). Returns 0, or -1 if out
 * hit its maximum (out->overflow is set; the content is then partial and
 * must not be used). */
int sanitize_html(const char *html, size_t n, struct buf *out);

/* 1 if url is acceptable as a link target (img: as an image source). */
int sanitize_url_ok(const char *url, int img);

#endif
