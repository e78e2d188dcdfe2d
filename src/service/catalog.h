/* catalog.h - the proactive-disclosure catalog (主动公开目录) use cases:
 * items, sections (栏目), the guide (公开指南), attachments, 索引号,
 * the Art. 26 publication-deadline list and the Art. 44 conversion of an
 * answered application into an item. The review workflow itself is
 * service/review.h.
 *
 * Who may do what (service/access.h roles in the item's agency):
 *   clerk or admin: create and edit drafts, upload attachments;
 *   admin: sections, guide, index pattern and review stages;
 *   anyone (anonymous too): read public items (published, repealed),
 *   sections, the guide and public attachments;
 *   any role in the agency (or supervisor/admin above): read drafts.
 * Objects the actor may not see are reported as 404. */
#ifndef GK_CATALOG_H
#define GK_CATALOG_H

#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "service/service.h"
#include "store/items.h"
#include "store/search.h"

struct db;
struct calendar;

#define CATALOG_ATTACH_MAX (20u * 1024 * 1024)   /* bytes per attachment */
#define CATALOG_ARTICLE26_DAYS 20                 /* 条例第二十六条 */
#define CATALOG_GUIDE_MAX (256u * 1024)

/* Validity names stored (现行有效 / 已废止 / 已修改). */
#define VALIDITY_CURRENT "current"
#define VALIDITY_REPEALED "repealed"
#define VALIDITY_AMENDED "amended"
/* The genres that carry a validity (规章, 行政规范性文件). */
#define GENRE_RULE "规章"
#define GENRE_NORMATIVE "行政规范性文件"
#define GENRE_INTERPRETATION "政策解读"

/* Fields of an item to create or change. NULL pointers (and 0 ids) mean
 * "not given": on create the default, on update unchanged. "" clears an
 * optional field. */
/* The version snapshot of an item as stored in item_versions: every
 * metadata field (索引号, 文号, dates, validity, state ...), the section,
 * the interpreted item and the body, as one JSON object appended to out.
 * Used for every edit and every review step. */
void catalog_item_snapshot(const struct item *it, struct buf *out);

struct item_input {
	int64_t agency_id;            /* create only */
	const char *agency_code;      /* create only, instead of agency_id */
	int64_t section_id;           /* -1 clears */
	const char *section_code;     /* alternative to section_id */
	const char *title;
	const char *body_html;        /* sanitized before storing */
	const char *publisher;        /* default: the agency's name */
	const char *written_on;       /* 成文日期 YYYY-MM-DD */
	const char *formed_on;        /* 信息形成日期; default written_on */
	const char *published_on;     /* import only (the workflow sets it) */
	const char *doc_no;           /* 文号 */
	const char *topic;            /* 主题分类 */
	const char *genre;            /* 体裁 */
	const char *validity;         /* current | repealed | amended */
	const char *effective_on;
	const char *invalid_on;
	int64_t interprets_id;        /* 政策解读 -> document; -1 clears */
	int64_t expected_version;     /* update: 0 = do not check */
	const char *index_no;         /* import only: keep an existing 索引号 */
};

/* Fill in from a JSON object (jansson json_t *; strings stay owned by
 * it). Members: agency_id, agency (code), section_id, section (code),
 * title, body_html, publisher, written_on, formed_on, published_on,
 * doc_no, topic, genre, validity, effective_on, invalid_on,
 * interprets_id, version, index_no. Unknown members and wrong types are
 * 400 with the member's JSON path in err->field. 0 or -1. */
struct json_t;
int catalog_input_from_json(struct json_t *obj, struct item_input *in, struct svc_error *err);

/* Create a draft. The 索引号 comes from the agency's pattern. 0 with
 * *id, or -1 with err. Audited as item.create; version 1 is recorded. */
int catalog_item_create(struct db *db, const struct actor *who, const struct item_input *in,
			int64_t *id, struct svc_error *err);
/* Change a draft (or a withdrawn item, which becomes a draft again).
 * Audited as item.update; a new version is recorded. */
int catalog_item_update(struct db *db, const struct actor *who, int64_t id,
			const struct item_input *in, struct svc_error *err);
/* Import an existing, already published item (system actor or admin of
 * the agency): state published, published_on required, indexed at once.
 * Audited as item.import. */
int catalog_item_import(struct db *db, const struct actor *who, const struct item_input *in,
			int64_t *id, struct svc_error *err);
/* Load an item the actor may see (with body). 0, or -1 with 404. */
int catalog_item_get(struct db *db, const struct actor *who, int64_t id, struct item *out,
		     struct svc_error *err);
/* List items: public ones for anonymous actors; with state set, only
 * what the actor may see in f->agency_id. 0 or -1. */
int catalog_item_list(struct db *db, const struct actor *who, const struct item_filter *f,
		      struct item_list *out, struct svc_error *err);
/* Public search (service wrapper over store/search.h). */
int catalog_search(struct db *db, const struct search_request *rq, struct search_result *out,
		   struct svc_error *err);
/* Rebuild the search index in one transaction. */
int catalog_reindex(struct db *db, const struct actor *who, int64_t *count, struct svc_error *err);

/* Every saved version of an item, as a JSON array into out. */
int catalog_item_versions_json(struct db *db, const struct actor *who, int64_t id,
			       struct buf *out, struct svc_error *err);

/* The attachments of an item the actor may see. 0 or -1 (404). */
int catalog_attachments(struct db *db, const struct actor *who, int64_t item_id,
			struct attachment_list *out, struct svc_error *err);
/* Public items interpreting item id (政策解读 linked to it). 0 or -1. */
int catalog_interpretations(struct db *db, int64_t id, struct item_list *out,
			    struct svc_error *err);

/* ---- sections ---- */

/* One section: 0, or -1 with 404. */
int catalog_section_get(struct db *db, int64_t id, struct section *out, struct svc_error *err);
/* The id of an agency's section by code: 0, or -1 with 404. */
int catalog_section_find(struct db *db, int64_t agency_id, const char *code, int64_t *id,
			 struct svc_error *err);

/* The agency's sections; the default tree is created the first time an
 * agency's catalog is used (机构职能, 政策文件, ...). 0 or -1. */
int catalog_sections(struct db *db, int64_t agency_id, struct section_list *out,
		     struct svc_error *err);
/* Admin: add, change (name, parent, position) or delete an empty section. */
int catalog_section_create(struct db *db, const struct actor *who, const struct section *s,
			   int64_t *id, struct svc_error *err);
int catalog_section_update(struct db *db, const struct actor *who, const struct section *s,
			   struct svc_error *err);
int catalog_section_delete(struct db *db, const struct actor *who, int64_t id,
			   struct svc_error *err);

/* ---- guide and settings ---- */

/* The guide's sanitized HTML (malloc'd into *html, "" if none). */
int catalog_guide_get(struct db *db, int64_t agency_id, char **html, struct svc_error *err);
/* Admin: replace the guide (sanitized). Audited as guide.update. */
int catalog_guide_put(struct db *db, const struct actor *who, int64_t agency_id,
		      const char *html, struct svc_error *err);
/* Admin: index pattern ({code} {year} {seq} {seq:N}) and/or review stages
 * (comma-separated stage roles; "" = default). NULL keeps. */
int catalog_settings_set(struct db *db, const struct actor *who, int64_t agency_id,
			 const char *index_pattern, const char *review_stages,
			 struct svc_error *err);
/* Format an index number from a pattern. 0 or -1 (bad pattern). */
int catalog_format_index_no(const char *pattern, const char *code, int year, int64_t seq,
			    char *out, size_t outsize);

/* ---- attachments ---- */

/* Check an upload: size (1..CATALOG_ATTACH_MAX), file name (no path
 * separators, no "..", no control characters, <= 200 bytes, an allowed
 * extension) and content (magic bytes of PDF, DOC/XLS (OLE2), DOCX/XLSX
 * (ZIP), PNG, JPEG, GIF, consistent with the extension). On success the
 * canonical content type is written to ctype. 0 or -1 with err (400, 413
 * for size). */
int catalog_attachment_check(const char *filename, const void *data, size_t size,
			     char *ctype, size_t ctypesize, struct svc_error *err);
/* Attach a file to a draft (clerk/admin). Audited as item.attach. */
int catalog_attachment_add(struct db *db, const struct actor *who, int64_t item_id,
			   const char *filename, const void *data, size_t size,
			   int64_t *file_id, struct svc_error *err);
/* Load an attachment of an item the actor may see. *data malloc'd. */
int catalog_attachment_get(struct db *db, const struct actor *who, int64_t item_id,
			   int64_t file_id, struct attachment *meta, void **data,
			   struct svc_error *err);

/* ---- deadlines and conversion ---- */

struct overdue_item {
	struct item item;            /* no body */
	char due_on[11];             /* formed_on + 20 working days */
	int late;                    /* 1: published after the due date; 0: still unpublished and past it */
};

struct overdue_list {
	struct overdue_item *items;
	size_t n, cap;
};

void overdue_list_free(struct overdue_list *l);
/* Items of agency_id (and below) that missed the Art. 26 deadline as of
 * today (YYYY-MM-DD): unpublished past due, or published late. Needs a
 * role in the agency. 0 or -1. */
int catalog_overdue(struct db *db, const struct actor *who, int64_t agency_id,
		    const struct calendar *cal, const char *today, struct overdue_list *out,
		    struct svc_error *err);

/* Art. 44: create a draft item from an answered application whose
 * outcome disclosed information (disclosed / partial). The applicant's
 * identity is never copied; title and body come from the caller (the
 * application's description is the default title). Audited as
 * item.from_application. */
int catalog_item_from_application(struct db *db, const struct actor *who,
				  int64_t application_id, const struct item_input *in,
				  int64_t *id, struct svc_error *err);

/* Today's date in UTC (YYYY-MM-DD), and a timestamp. */
void catalog_today(char out[11]);
void catalog_now(char out[32]);

#endif
