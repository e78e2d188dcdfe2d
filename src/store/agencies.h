/* agencies.h - the agency tree (行政机关) in the database.
 *
 * Agencies form a tree through parent_id (市人民政府 -> 区人民政府 ->
 * 区住房和城乡建设局). Store functions only read and write rows; who may
 * do so is decided in service/accounts.c. Subtree and visibility queries
 * use recursive CTEs that run on SQLite and PostgreSQL alike. */
#ifndef GK_STORE_AGENCIES_H
#define GK_STORE_AGENCIES_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define AGENCY_CODE_MAX 64
#define AGENCY_NAME_MAX 256
/* Deepest tree the recursive queries follow (guards against cycles). */
#define AGENCY_MAX_DEPTH 32

struct agency {
	int64_t id;
	int64_t parent_id;              /* 0 for a root */
	char code[AGENCY_CODE_MAX];
	char name[AGENCY_NAME_MAX];
	char kind[16];                  /* "department" or "government" */
	int disabled;
	char created_at[32];
	int depth;                      /* in subtree listings: 0 = the root asked for */
};

struct agency_list {
	struct agency *items;
	size_t n, cap;
};

/* Free the items of a list (the struct itself is the caller's). */
void agency_list_free(struct agency_list *l);
/* Reorder l depth-first (parents before children, siblings in id
 * order, i.e. creation order) and set each item's depth relative to the topmost items present. */
void agency_list_sort_tree(struct agency_list *l);

/* Insert an agency (parent_id 0 = root). 0 with *id set, or -1 (a
 * duplicate code gives DB_ERR_CONFLICT). */
int agency_store_create(struct db *db, int64_t parent_id, const char *code,
			const char *name, const char *kind, const char *created_at,
			int64_t *id);
/* Load one agency: 0 found, 1 no such id, -1 database error. */
int agency_store_get(struct db *db, int64_t id, struct agency *out);
/* Load one agency by its code: 0 found, 1 none, -1 error. */
int agency_store_find_code(struct db *db, const char *code, struct agency *out);
/* Append the direct children of id (0 = the roots) to out. 0 or -1. */
int agency_store_children(struct db *db, int64_t id, struct agency_list *out);
/* Append id and every agency below it, with depth set, in tree order.
 * 0 or -1 (an unknown id gives an empty list). */
int agency_store_subtree(struct db *db, int64_t id, struct agency_list *out);
/* Append every agency, in tree order. 0 or -1. */
int agency_store_all(struct db *db, struct agency_list *out);
/* Append the agencies user_id may see (any role there, or below an agency
 * where the user is supervisor or admin), in tree order. 0 or -1. */
int agency_store_visible(struct db *db, int64_t user_id, struct agency_list *out);

#endif
