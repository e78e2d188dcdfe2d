/* items.h - catalog rows: items, their versions and review history,
 * catalog sections, per-agency catalog settings, 索引号 counters and
 * attachments (migration 004_catalog).
 *
 * Rows only; who may do what, validation and the review rules live in
 * service/catalog.c, service/review.c and domain/review.c. Portable SQL
 * for both engines. The full-text index is store/search.h. */
#ifndef GK_STORE_ITEMS_H
#define GK_STORE_ITEMS_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define ITEM_TITLE_MAX 512          /* bytes */
#define ITEM_FIELD_MAX 128          /* doc_no, topic, genre, publisher, index_no */
#define ITEM_BODY_MAX (1024 * 1024) /* sanitized HTML bytes */
#define SECTION_NAME_MAX 128
#define SECTION_CODE_MAX 64

struct item {
	int64_t id;
	int64_t agency_id;
	int64_t section_id;            /* 0: none */
	char index_no[ITEM_FIELD_MAX];
	char title[ITEM_TITLE_MAX];
	char *body_html;               /* malloc'd (item_clear frees); NULL = "" */
	char publisher[ITEM_FIELD_MAX];
	char written_on[11];           /* "" when unknown */
	char formed_on[11];
	char published_on[11];
	char doc_no[ITEM_FIELD_MAX];
	char topic[ITEM_FIELD_MAX];
	char genre[ITEM_FIELD_MAX];
	char validity[16];             /* "", "current", "repealed", "amended" */
	char effective_on[11];
	char invalid_on[11];
	int64_t interprets_id;         /* 0: none */
	int64_t source_application_id; /* 0: none */
	char state[16];                /* domain/review.h state names */
	int stage;                     /* -1 unless in review */
	char state_reason[512];
	int64_t author_id;
	char created_at[32];
	char updated_at[32];
	int64_t version;
	/* Joined for display (filled by get/list, ignored by writes). */
	char agency_name[256];
	char agency_code[64];
	char section_name[SECTION_NAME_MAX];
};

struct item_list {
	struct item *items;
	size_t n, cap;
	int64_t total;                 /* rows matching, before paging */
};

/* Free body_html (the struct itself is the caller's). */
void item_clear(struct item *it);
void item_list_free(struct item_list *l);

/* Insert it (id, version, timestamps as given). 0 with *id, or -1. */
int item_store_create(struct db *db, const struct item *it, int64_t *id);
/* Load one item: 0 found, 1 none, -1 error. */
int item_store_get(struct db *db, int64_t id, struct item *out);
/* Load by 索引号: 0, 1 none, -1. */
int item_store_find_index_no(struct db *db, const char *index_no, struct item *out);
/* Write every editable field, state, stage and reason of it, bumping the
 * version, if the stored version equals it->version. 0 updated, 1 the
 * version changed meanwhile (conflict) or no row, -1 error. */
int item_store_update(struct db *db, const struct item *it);

struct item_filter {
	int64_t agency_id;             /* 0: any */
	int subtree;                   /* include agencies below agency_id */
	int64_t section_id;            /* 0: any */
	const char *state;             /* NULL: any; "public": published or repealed */
	const char *genre;             /* NULL: any */
	const char *validity;          /* NULL: any */
	int year;                      /* of published_on; 0: any */
	int limit, offset;             /* limit 0: 50 */
	int skip_total;                /* 1: the caller ignores total (set to -1) */
};

/* Append items matching f, newest publication first (then id), with
 * total set: from the page itself when it is not full, else by a COUNT
 * (none with f->skip_total). Bodies are not loaded. 0 or -1. */
int item_store_list(struct db *db, const struct item_filter *f, struct item_list *out);

/* Items of an agency not yet published (draft, in review) that have a
 * formed_on date, plus published ones (for the late list), formed_on
 * ascending. Bodies are not loaded. 0 or -1. */
int item_store_unpublished_formed(struct db *db, int64_t agency_id, int subtree,
				  struct item_list *out);

/* Append the public items that interpret (政策解读) item id. 0 or -1. */
int item_store_interpretations(struct db *db, int64_t id, struct item_list *out);
/* The id of the agency's section with this code: 0, 1 none, -1. */
int section_store_find_code(struct db *db, int64_t agency_id, const char *code, int64_t *id);

/* Versions and review history. */
int item_store_add_version(struct db *db, int64_t item_id, int64_t version,
			   const char *snapshot_json, int64_t user_id, const char *at);
/* Call fn for each version, oldest first. 0 or -1. */
int item_store_versions(struct db *db, int64_t item_id,
			void (*fn)(void *ctx, int64_t version, const char *snapshot,
				   int64_t user_id, const char *at), void *ctx);
int item_store_add_review(struct db *db, int64_t item_id, const char *action,
			  const char *stage, int64_t user_id, const char *comment,
			  const char *at);
/* Call fn for each review step, oldest first. 0 or -1. */
int item_store_reviews(struct db *db, int64_t item_id,
		       void (*fn)(void *ctx, const char *action, const char *stage,
				  int64_t user_id, const char *login, const char *comment,
				  const char *at), void *ctx);

/* Counts for the annual report over public items of agency_id (subtree
 * if set) with the given genre: issued = published_on in year; repealed =
 * validity 'repealed' with invalid_on in year; in_force = validity
 * 'current' (or NULL) published on or before Dec 31 and not repealed by
 * then. 0 or -1. */
int item_store_genre_counts(struct db *db, int64_t agency_id, int subtree, const char *genre,
			    int year, int64_t *issued, int64_t *repealed, int64_t *in_force);
/* Items formed (written_on, else formed_on) in year, of a genre: 0 or -1. */
int item_store_genre_created(struct db *db, int64_t agency_id, int subtree, const char *genre,
			     int year, int64_t *created);

/* Public items of a genre published on or before Dec 31 of year (whatever
 * their validity today): 对外公开总数量 of the 2019 format. 0 or -1. */
int item_store_genre_public_by(struct db *db, int64_t agency_id, int subtree, const char *genre,
			       int year, int64_t *count);

/* ---- sections ---- */

struct section {
	int64_t id;
	int64_t agency_id;
	int64_t parent_id;             /* 0: top level */
	char code[SECTION_CODE_MAX];
	char name[SECTION_NAME_MAX];
	int position;
	int64_t items;                 /* public items in it (list only) */
};

struct section_list {
	struct section *items;
	size_t n, cap;
};

void section_list_free(struct section_list *l);
/* Insert a section. 0 with *id, or -1 (duplicate code: conflict). */
int section_store_create(struct db *db, const struct section *s, const char *at, int64_t *id);
/* 0 found, 1 none, -1. */
int section_store_get(struct db *db, int64_t id, struct section *out);
/* Rename / move / reorder: 0, 1 none, -1. */
int section_store_update(struct db *db, const struct section *s);
/* Delete a section that has no items and no children: 0, 1 not empty or none, -1. */
int section_store_delete(struct db *db, int64_t id);
/* Append the agency's sections ordered parent-first by position. 0 or -1. */
int section_store_list(struct db *db, int64_t agency_id, struct section_list *out);

/* ---- settings, counters ---- */

struct catalog_settings {
	char index_pattern[128];
	char review_stages[256];       /* comma-separated; "" = default */
	char *guide_html;              /* malloc'd; NULL = none */
	char guide_updated_at[32];
};

/* Load an agency's settings (defaults when absent): 0 or -1. Free
 * guide_html with free(). */
int catalog_settings_get(struct db *db, int64_t agency_id, struct catalog_settings *out);
/* Insert or replace: 0 or -1. */
int catalog_settings_put(struct db *db, int64_t agency_id, const struct catalog_settings *s,
			 const char *at);
/* Take the next 索引号 sequence number of (agency, year), starting at 1,
 * inside the caller's transaction. 0 with *seq, or -1. */
int index_counter_next(struct db *db, int64_t agency_id, int year, int64_t *seq);

/* ---- attachments ---- */

struct attachment {
	int64_t file_id;
	char filename[256];
	char content_type[128];
	int64_t size;
	char sha256[65];
	char created_at[32];
};

struct attachment_list {
	struct attachment *items;
	size_t n, cap;
};

void attachment_list_free(struct attachment_list *l);
/* Store a file and link it to an item. 0 with *file_id, or -1. */
int attachment_store_add(struct db *db, int64_t item_id, const char *filename,
			 const char *content_type, const char *sha256, const void *data,
			 size_t size, int64_t user_id, const char *at, int64_t *file_id);
/* Append the item's attachments in position order. 0 or -1. */
int attachment_store_list(struct db *db, int64_t item_id, struct attachment_list *out);
/* Load an attachment of item_id with its bytes (malloc'd in *data):
 * 0 found, 1 none, -1 error. */
int attachment_store_get(struct db *db, int64_t item_id, int64_t file_id,
			 struct attachment *meta, void **data);
/* Unlink an attachment: 0, 1 none, -1. */
int attachment_store_remove(struct db *db, int64_t item_id, int64_t file_id);

#endif
