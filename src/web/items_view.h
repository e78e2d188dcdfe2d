/* items_view.h - catalog items as template values (portal and office):
 * the metadata table, validity wording, checked search highlights. */
#ifndef GK_WEB_ITEMS_VIEW_H
#define GK_WEB_ITEMS_VIEW_H

struct tpl_ctx;
struct item;

/* Put an item's metadata into ctx: id, title, index_no, publisher,
 * doc_no, written (成文日期), published (发布日期), topic, genre, section,
 * agency, agency_code, validity / validity_class, effective, invalid,
 * state / state_label, stage_label (while in review). */
void items_view_meta(const struct item *it, struct tpl_ctx *ctx);
/* "现行有效" / "已废止" / "已修改" for a stored validity, "" otherwise. */
const char *items_view_validity(const char *validity);
/* Chinese label of an item state (draft ...). */
const char *items_view_state(const char *state);
/* 1 if html is plain escaped text with only <mark> and </mark> tags (no
 * other tag, no raw quote): what search highlights must look like. */
int items_view_marked_ok(const char *html);
/* Set key to html when items_view_marked_ok, else to the escaped
 * `fallback` text (or "" when NULL); the template emits key raw. */
void items_view_marked(struct tpl_ctx *ctx, const char *key, const char *html,
		       const char *fallback);
/* A static Content-Type string for an attachment's stored type
 * ("application/octet-stream" for anything unknown). */
const char *items_view_static_ctype(const char *ctype);

#endif
