/* copy.c - whole-database copy between two connections (store/copy.h).
 *
 * Steps: snapshot the source (one read transaction), introspect both
 * catalogues, check the schema versions and that the target is empty,
 * order the tables by their foreign keys, copy page by page inside one
 * target transaction, fill self-references, rebuild the search index,
 * move PostgreSQL sequences, commit; then re-read every table on the
 * target and compare counts and content digests, and verify the audit
 * chain. Table and column names come from the catalogues and are checked
 * to be plain identifiers before they are put into SQL. */
#include "store/copy.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/search.h"
#include "service/audit.h"
#include "base/buf.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY_MAX_COLS 96         /* PostgreSQL backend binds at most 100 */
#define COPY_MAX_REFS 16
#define COPY_PAGE 500            /* rows per source read */
#define COPY_PAGE_BLOB 16        /* rows per read when a table has blobs */
#define NAME_MAX_LEN 64

enum kind { K_INT, K_TEXT, K_BLOB };

struct col {
	char name[NAME_MAX_LEN];
	enum kind kind;
	int pk;          /* position in the primary key (1-based), 0 if not part */
	int selfref;     /* references its own table: filled in pass two */
};

struct table {
	char name[NAME_MAX_LEN];
	int in_src, in_dst, derived;
	struct col cols[COPY_MAX_COLS];   /* target's columns */
	int ncols;
	char refs[COPY_MAX_REFS][NAME_MAX_LEN];
	int nrefs;
	int has_blob;
	int done;
	int64_t rows;
	uint64_t digest[4];
};

struct plan {
	struct table t[COPY_MAX_TABLES];
	int n;
};

/* Tables holding data derived from other tables, per engine; never copied,
 * rebuilt instead (SQLite's FTS5 tables are recognised as virtual tables
 * and their shadow tables). */
static const char *const derived_tables[] = {"item_search", NULL};

static void fail(char *err, size_t errsize, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
}

static int plain_identifier(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
		      (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
			return 0;
	return n > 0 && n < NAME_MAX_LEN;
}

static struct table *find_table(struct plan *p, const char *name)
{
	int i;
	for (i = 0; i < p->n; i++)
		if (!strcmp(p->t[i].name, name))
			return &p->t[i];
	return NULL;
}

static struct table *add_table(struct plan *p, const char *name, char *err, size_t errsize)
{
	struct table *t = find_table(p, name);
	if (t)
		return t;
	if (!plain_identifier(name)) {
		fail(err, errsize, "table name '%s' is not a plain identifier", name);
		return NULL;
	}
	if (p->n >= COPY_MAX_TABLES) {
		fail(err, errsize, "more than %d tables", COPY_MAX_TABLES);
		return NULL;
	}
	t = &p->t[p->n++];
	memset(t, 0, sizeof *t);
	str_copy(t->name, name, sizeof t->name);
	return t;
}

/* ---------- introspection ---------- */

/* List the base tables of db into the plan (marking in_src or in_dst). */
static int list_tables(struct db *db, struct plan *p, int is_src, char *err, size_t errsize)
{
	struct db_stmt *st;
	char virt[16][NAME_MAX_LEN];
	int nvirt = 0, rc, i;
	if (db_engine(db) == DB_SQLITE) {
		/* virtual tables first, so their shadow tables are recognised */
		st = db_query(db, "SELECT name FROM sqlite_master WHERE type = 'table'"
			      " AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name", NULL, 0);
		if (!st)
			goto dberr;
		while ((rc = db_step(st)) == 1)
			if (nvirt < 16)
				str_copy(virt[nvirt++], db_col_text(st, 0), NAME_MAX_LEN);
		db_finish(st);
		if (rc < 0)
			goto dberr;
		st = db_query(db, "SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' FROM sqlite_master"
			      " WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
			      " ORDER BY name", NULL, 0);
	} else {
		st = db_query(db, "SELECT table_name, 0 FROM information_schema.tables"
			      " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
			      " ORDER BY table_name", NULL, 0);
	}
	if (!st)
		goto dberr;
	while ((rc = db_step(st)) == 1) {
		const char *name = db_col_text(st, 0);
		int derived = (int)db_col_int(st, 1);
		struct table *t;
		if (!strcmp(name, "schema_migrations"))
			continue;
		for (i = 0; derived_tables[i]; i++)
			if (!strcmp(name, derived_tables[i]))
				derived = 1;
		for (i = 0; i < nvirt; i++) {
			size_t l = strlen(virt[i]);
			if (!strncmp(name, virt[i], l) && name[l] == '_')
				derived = 2;   /* a shadow table: not reported */
		}
		t = add_table(p, name, err, errsize);
		if (!t) {
			db_finish(st);
			return -1;
		}
		if (is_src)
			t->in_src = 1;
		else
			t->in_dst = 1;
		if (derived > t->derived)
			t->derived = derived;
	}
	db_finish(st);
	if (rc < 0)
		goto dberr;
	return 0;
dberr:
	fail(err, errsize, "listing tables: %s", db_errmsg(db));
	return -1;
}

static enum kind kind_of(enum db_engine e, const char *type)
{
	char up[64];
	size_t i;
	for (i = 0; type[i] && i + 1 < sizeof up; i++)
		up[i] = (char)(type[i] >= 'a' && type[i] <= 'z' ? type[i] - 32 : type[i]);
	up[i] = '\0';
	if (e == DB_POSTGRES) {
		if (!strcmp(up, "BIGINT") || !strcmp(up, "INTEGER") || !strcmp(up, "SMALLINT"))
			return K_INT;
		if (!strcmp(up, "BYTEA"))
			return K_BLOB;
		return K_TEXT;
	}
	if (strstr(up, "INT"))
		return K_INT;
	if (strstr(up, "BLOB") || !up[0])
		return K_BLOB;
	return K_TEXT;
}

/* Read the columns of table t in db. If into is non-NULL, fill it (the
 * target's description: kinds, primary key, self-references); else compare
 * with the description already there (the source must have the same
 * columns of the same kinds). */
static int read_columns(struct db *db, struct table *t, int fill, char *err, size_t errsize)
{
	struct db_param prm[1] = {DBP_TEXT(t->name)};
	struct col got[COPY_MAX_COLS];
	int ngot = 0, rc, i, j;
	struct db_stmt *st;
	enum db_engine e = db_engine(db);

	if (e == DB_SQLITE)
		st = db_query(db, "SELECT name, type, pk FROM pragma_table_info($1) ORDER BY cid", prm, 1);
	else
		st = db_query(db, "SELECT column_name, data_type, 0 FROM information_schema.columns"
			      " WHERE table_schema = current_schema() AND table_name = $1"
			      " ORDER BY ordinal_position", prm, 1);
	if (!st)
		goto dberr;
	while ((rc = db_step(st)) == 1) {
		if (ngot >= COPY_MAX_COLS) {
			db_finish(st);
			fail(err, errsize, "table %s has more than %d columns", t->name, COPY_MAX_COLS);
			return -1;
		}
		memset(&got[ngot], 0, sizeof got[ngot]);
		if (!plain_identifier(db_col_text(st, 0))) {
			db_finish(st);
			fail(err, errsize, "column name '%s' in %s is not a plain identifier",
			     db_col_text(st, 0), t->name);
			return -1;
		}
		str_copy(got[ngot].name, db_col_text(st, 0), NAME_MAX_LEN);
		got[ngot].kind = kind_of(e, db_col_text(st, 1));
		got[ngot].pk = (int)db_col_int(st, 2);
		ngot++;
	}
	db_finish(st);
	if (rc < 0)
		goto dberr;

	if (e == DB_POSTGRES) {   /* primary key positions */
		st = db_query(db, "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
			      " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
			      " WHERE i.indrelid = to_regclass(quote_ident($1)) AND i.indisprimary"
			      " ORDER BY array_position(i.indkey::int2[], a.attnum)", prm, 1);
		if (!st)
			goto dberr;
		for (j = 1; (rc = db_step(st)) == 1; j++)
			for (i = 0; i < ngot; i++)
				if (!strcmp(got[i].name, db_col_text(st, 0)))
					got[i].pk = j;
		db_finish(st);
		if (rc < 0)
			goto dberr;
	}

	if (fill) {
		memcpy(t->cols, got, sizeof got[0] * (size_t)ngot);
		t->ncols = ngot;
		for (i = 0; i < ngot; i++)
			if (got[i].kind == K_BLOB)
				t->has_blob = 1;
		return 0;
	}
	if (ngot != t->ncols) {
		fail(err, errsize, "table %s has %d columns in the source and %d in the target"
		     " (schemas differ)", t->name, ngot, t->ncols);
		return -1;
	}
	for (i = 0; i < ngot; i++) {
		for (j = 0; j < t->ncols; j++)
			if (!strcmp(got[i].name, t->cols[j].name))
				break;
		if (j == t->ncols) {
			fail(err, errsize, "column %s.%s is missing in the target", t->name, got[i].name);
			return -1;
		}
		if (got[i].kind != t->cols[j].kind) {
			fail(err, errsize, "column %s.%s has different types in source and target",
			     t->name, got[i].name);
			return -1;
		}
	}
	return 0;
dberr:
	fail(err, errsize, "reading columns of %s: %s", t->name, db_errmsg(db));
	return -1;
}

/* Foreign keys of t on the target: other tables it references, and the
 * columns that reference t itself. */
static int read_refs(struct db *db, struct table *t, char *err, size_t errsize)
{
	struct db_param prm[1] = {DBP_TEXT(t->name)};
	struct db_stmt *st;
	int rc, i;
	if (db_engine(db) == DB_SQLITE)
		st = db_query(db, "SELECT \"table\", \"from\" FROM pragma_foreign_key_list($1)", prm, 1);
	else
		st = db_query(db, "SELECT cf.relname, a.attname FROM pg_constraint c"
			      " JOIN pg_class cf ON cf.oid = c.confrelid"
			      " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
			      " WHERE c.contype = 'f' AND c.conrelid = to_regclass(quote_ident($1))", prm, 1);
	if (!st) {
		fail(err, errsize, "reading foreign keys of %s: %s", t->name, db_errmsg(db));
		return -1;
	}
	while ((rc = db_step(st)) == 1) {
		const char *ref = db_col_text(st, 0), *from = db_col_text(st, 1);
		if (!strcmp(ref, t->name)) {
			for (i = 0; i < t->ncols; i++)
				if (!strcmp(t->cols[i].name, from))
					t->cols[i].selfref = 1;
			continue;
		}
		for (i = 0; i < t->nrefs; i++)
			if (!strcmp(t->refs[i], ref))
				break;
		if (i == t->nrefs && t->nrefs < COPY_MAX_REFS)
			str_copy(t->refs[t->nrefs++], ref, NAME_MAX_LEN);
	}
	db_finish(st);
	if (rc < 0) {
		fail(err, errsize, "reading foreign keys of %s: %s", t->name, db_errmsg(db));
		return -1;
	}
	return 0;
}

static int count_rows(struct db *db, const char *table, int64_t *n)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM \"%s\"", table);
	return db_query_int(db, sql, NULL, 0, n) == 0 ? 0 : -1;
}

/* ---------- SQL text ---------- */

static void col_list(const struct table *t, struct buf *b)
{
	int i;
	for (i = 0; i < t->ncols; i++)
		buf_printf(b, "%s\"%s\"", i ? ", " : "", t->cols[i].name);
}

/* ORDER BY the primary key, or by every non-blob column without one. */
static void order_by(const struct table *t, struct buf *b)
{
	int i, k, any = 0;
	buf_adds(b, " ORDER BY ");
	for (k = 1; k <= t->ncols; k++)
		for (i = 0; i < t->ncols; i++)
			if (t->cols[i].pk == k) {
				buf_printf(b, "%s\"%s\"", any ? ", " : "", t->cols[i].name);
				any = 1;
			}
	if (any)
		return;
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].kind != K_BLOB) {
			buf_printf(b, "%s\"%s\"", any ? ", " : "", t->cols[i].name);
			any = 1;
		}
	if (!any)
		buf_adds(b, "1");
}

/* ---------- digests ---------- */

/* Read column i of the current row as a parameter (pointers into st). */
static struct db_param read_value(struct db_stmt *st, int i, enum kind k)
{
	size_t len = 0;
	const void *p;
	if (db_col_isnull(st, i))
		return DBP_NULL;
	switch (k) {
	case K_INT:
		return DBP_INT(db_col_int(st, i));
	case K_BLOB:
		p = db_col_blob(st, i, &len);
		return DBP_BLOB(p ? p : "", len);
	default:
		return DBP_TEXT(db_col_text(st, i));
	}
}

/* Add one row to an order-independent digest: the sum, lane by lane, of
 * a 256-bit hash of each row's typed values. */
static void digest_row(uint64_t d[4], const struct db_param *v, int n, struct buf *scratch)
{
	unsigned char h[32];
	uint64_t lane;
	int i;
	buf_reset(scratch);
	for (i = 0; i < n; i++) {
		switch (v[i].type) {
		case DB_NULL:
			buf_adds(scratch, "N;");
			break;
		case DB_INT:
			buf_printf(scratch, "I%lld;", (long long)v[i].i);
			break;
		case DB_TEXT:
			buf_printf(scratch, "T%zu:", strlen(v[i].s));
			buf_adds(scratch, v[i].s);
			break;
		case DB_BLOB:
			buf_printf(scratch, "B%zu:", v[i].len);
			buf_add(scratch, v[i].s, v[i].len);
			break;
		}
	}
	crypto_generichash(h, sizeof h, (const unsigned char *)buf_str(scratch), scratch->len,
			   NULL, 0);
	for (i = 0; i < 4; i++) {
		memcpy(&lane, h + 8 * i, 8);
		d[i] += lane;
	}
}

/* Count and digest every row of t in db. */
static int table_digest(struct db *db, const struct table *t, int64_t *rows, uint64_t d[4])
{
	struct buf sql = BUF_INIT(0), scratch = BUF_INIT(0);
	struct db_param v[COPY_MAX_COLS];
	int64_t offset = 0, page = t->has_blob ? COPY_PAGE_BLOB : COPY_PAGE, got;
	int rc = 0, i;
	*rows = 0;
	memset(d, 0, 4 * sizeof d[0]);
	buf_adds(&sql, "SELECT ");
	col_list(t, &sql);
	buf_printf(&sql, " FROM \"%s\"", t->name);
	order_by(t, &sql);
	buf_adds(&sql, " LIMIT $1 OFFSET $2");
	do {
		struct db_param p[2] = {DBP_INT(page), DBP_INT(offset)};
		struct db_stmt *st = db_query(db, buf_str(&sql), p, 2);
		if (!st) {
			rc = -1;
			break;
		}
		got = 0;
		while ((rc = db_step(st)) == 1) {
			for (i = 0; i < t->ncols; i++)
				v[i] = read_value(st, i, t->cols[i].kind);
			digest_row(d, v, t->ncols, &scratch);
			got++;
		}
		db_finish(st);
		if (rc < 0)
			break;
		rc = 0;
		*rows += got;
		offset += got;
	} while (got == page);
	buf_free(&sql);
	buf_free(&scratch);
	return rc;
}

/* ---------- copying ---------- */

/* Copy every row of t from src to dst (self-references left NULL), and
 * record the source count and digest in t. */
static int copy_rows(struct db *src, struct db *dst, struct table *t, char *err, size_t errsize)
{
	struct buf sel = BUF_INIT(0), ins = BUF_INIT(0), scratch = BUF_INIT(0);
	struct db_param v[COPY_MAX_COLS], w[COPY_MAX_COLS];
	int64_t offset = 0, page = t->has_blob ? COPY_PAGE_BLOB : COPY_PAGE, got;
	int rc = 0, i;

	buf_adds(&sel, "SELECT ");
	col_list(t, &sel);
	buf_printf(&sel, " FROM \"%s\"", t->name);
	order_by(t, &sel);
	buf_adds(&sel, " LIMIT $1 OFFSET $2");
	buf_printf(&ins, "INSERT INTO \"%s\" (", t->name);
	col_list(t, &ins);
	buf_adds(&ins, ") VALUES (");
	for (i = 0; i < t->ncols; i++)
		buf_printf(&ins, "%s$%d", i ? ", " : "", i + 1);
	buf_adds(&ins, ")");

	t->rows = 0;
	memset(t->digest, 0, sizeof t->digest);
	do {
		struct db_param p[2] = {DBP_INT(page), DBP_INT(offset)};
		struct db_stmt *st = db_query(src, buf_str(&sel), p, 2);
		if (!st) {
			fail(err, errsize, "reading %s: %s", t->name, db_errmsg(src));
			rc = -1;
			break;
		}
		got = 0;
		while ((rc = db_step(st)) == 1) {
			for (i = 0; i < t->ncols; i++) {
				v[i] = read_value(st, i, t->cols[i].kind);
				w[i] = t->cols[i].selfref ? DBP_NULL : v[i];
			}
			digest_row(t->digest, v, t->ncols, &scratch);
			if (db_exec(dst, buf_str(&ins), w, t->ncols) < 0) {
				fail(err, errsize, "writing %s: %s", t->name, db_errmsg(dst));
				rc = -2;
				break;
			}
			got++;
		}
		db_finish(st);
		if (rc == -1)
			fail(err, errsize, "reading %s: %s", t->name, db_errmsg(src));
		if (rc < 0) {
			rc = -1;
			break;
		}
		rc = 0;
		t->rows += got;
		offset += got;
	} while (got == page);
	buf_free(&sel);
	buf_free(&ins);
	buf_free(&scratch);
	return rc;
}

/* Pass two: set the self-referencing columns now that all rows exist. */
static int copy_selfrefs(struct db *src, struct db *dst, const struct table *t,
			 char *err, size_t errsize)
{
	int c, i, k, npk = 0, rc = 0;
	int pkcol[COPY_MAX_COLS];
	for (k = 1; k <= t->ncols; k++)
		for (i = 0; i < t->ncols; i++)
			if (t->cols[i].pk == k)
				pkcol[npk++] = i;
	for (c = 0; c < t->ncols && rc == 0; c++) {
		struct buf sel = BUF_INIT(0), upd = BUF_INIT(0);
		int64_t offset = 0, got;
		if (!t->cols[c].selfref)
			continue;
		if (!npk) {
			fail(err, errsize, "table %s references itself but has no primary key", t->name);
			return -1;
		}
		buf_adds(&sel, "SELECT ");
		for (i = 0; i < npk; i++)
			buf_printf(&sel, "\"%s\", ", t->cols[pkcol[i]].name);
		buf_printf(&sel, "\"%s\" FROM \"%s\" WHERE \"%s\" IS NOT NULL", t->cols[c].name,
			   t->name, t->cols[c].name);
		order_by(t, &sel);
		buf_adds(&sel, " LIMIT $1 OFFSET $2");
		buf_printf(&upd, "UPDATE \"%s\" SET \"%s\" = $1 WHERE ", t->name, t->cols[c].name);
		for (i = 0; i < npk; i++)
			buf_printf(&upd, "%s\"%s\" = $%d", i ? " AND " : "", t->cols[pkcol[i]].name, i + 2);
		do {
			struct db_param p[2] = {DBP_INT(COPY_PAGE), DBP_INT(offset)};
			struct db_param v[COPY_MAX_COLS + 1];
			struct db_stmt *st = db_query(src, buf_str(&sel), p, 2);
			if (!st) {
				fail(err, errsize, "reading %s: %s", t->name, db_errmsg(src));
				rc = -1;
				break;
			}
			got = 0;
			while ((rc = db_step(st)) == 1) {
				v[0] = read_value(st, npk, t->cols[c].kind);
				for (i = 0; i < npk; i++)
					v[i + 1] = read_value(st, i, t->cols[pkcol[i]].kind);
				if (db_exec(dst, buf_str(&upd), v, npk + 1) != 1) {
					fail(err, errsize, "linking %s.%s: %s", t->name, t->cols[c].name,
					     db_errmsg(dst)[0] ? db_errmsg(dst) : "row not found");
					rc = -2;
					break;
				}
				got++;
			}
			db_finish(st);
			if (rc == -1)
				fail(err, errsize, "reading %s: %s", t->name, db_errmsg(src));
			if (rc < 0) {
				rc = -1;
				break;
			}
			rc = 0;
			offset += got;
		} while (got == COPY_PAGE);
		buf_free(&sel);
		buf_free(&upd);
	}
	return rc;
}

/* PostgreSQL: move each identity/serial sequence past the copied ids. */
static int reset_sequences(struct db *dst, const struct table *t, char *err, size_t errsize)
{
	int i;
	for (i = 0; i < t->ncols; i++) {
		struct db_param p[2] = {DBP_TEXT(t->name), DBP_TEXT(t->cols[i].name)};
		struct db_stmt *st;
		char seq[256] = "";
		char sql[512];
		int64_t v;
		if (t->cols[i].kind != K_INT)
			continue;
		st = db_query(dst, "SELECT pg_get_serial_sequence($1, $2)", p, 2);
		if (!st || db_step(st) < 0) {
			db_finish(st);
			fail(err, errsize, "sequence of %s.%s: %s", t->name, t->cols[i].name,
			     db_errmsg(dst));
			return -1;
		}
		if (!db_col_isnull(st, 0))
			str_copy(seq, db_col_text(st, 0), sizeof seq);
		db_finish(st);
		if (!seq[0])
			continue;
		snprintf(sql, sizeof sql,
			 "SELECT setval($1::regclass, (SELECT COALESCE(MAX(\"%s\"), 0) + 1 FROM \"%s\"),"
			 " false)", t->cols[i].name, t->name);
		p[0] = DBP_TEXT(seq);
		if (db_query_int(dst, sql, p, 1, &v) != 0) {
			fail(err, errsize, "setting sequence %s: %s", seq, db_errmsg(dst));
			return -1;
		}
	}
	return 0;
}

/* Empty the target (force): everything except the migration records. */
static int wipe_target(struct db *dst, struct plan *p, char *err, size_t errsize)
{
	int i, has_audit = find_table(p, "audit_log") && find_table(p, "audit_log")->in_dst;
	if (db_engine(dst) == DB_POSTGRES) {
		struct buf sql = BUF_INIT(0);
		int first = 1, rc = 0;
		buf_adds(&sql, "TRUNCATE ");
		for (i = 0; i < p->n; i++)
			if (p->t[i].in_dst) {
				buf_printf(&sql, "%s\"%s\"", first ? "" : ", ", p->t[i].name);
				first = 0;
			}
		/* the append-only trigger refuses TRUNCATE; the owner may lift it
		 * for this transaction only (rolled back with it on failure) */
		if ((has_audit && db_exec(dst, "ALTER TABLE audit_log DISABLE TRIGGER USER", NULL, 0) < 0) ||
		    (!first && db_exec(dst, buf_str(&sql), NULL, 0) < 0) ||
		    (has_audit && db_exec(dst, "ALTER TABLE audit_log ENABLE TRIGGER USER", NULL, 0) < 0)) {
			fail(err, errsize, "emptying the target: %s", db_errmsg(dst));
			rc = -1;
		}
		buf_free(&sql);
		return rc;
	}
	/* SQLite: delete children before parents (reverse of copy order is not
	 * known yet here, so rely on deferring foreign keys to commit) */
	if (db_exec(dst, "PRAGMA defer_foreign_keys = ON", NULL, 0) < 0)
		goto dberr;
	for (i = 0; i < p->n; i++) {
		char sql[128];
		if (!p->t[i].in_dst || p->t[i].derived)
			continue;
		snprintf(sql, sizeof sql, "DELETE FROM \"%s\"", p->t[i].name);
		if (db_exec(dst, sql, NULL, 0) < 0)
			goto dberr;
	}
	return 0;
dberr:
	fail(err, errsize, "emptying the target: %s%s", db_errmsg(dst),
	     has_audit ? " (a SQLite audit log cannot be emptied: remove the target file instead)" : "");
	return -1;
}

/* ---------- the whole copy ---------- */

static int prepare_plan(struct db *src, struct db *dst, struct plan *p, const struct copy_options *opt,
			char *err, size_t errsize)
{
	int i;
	if (list_tables(src, p, 1, err, errsize) || list_tables(dst, p, 0, err, errsize))
		return -1;
	for (i = 0; i < p->n; i++) {
		struct table *t = &p->t[i];
		int64_t n = 0;
		if (t->derived)
			continue;
		if (t->in_src && !t->in_dst) {
			if (count_rows(src, t->name, &n) != 0) {
				fail(err, errsize, "counting %s: %s", t->name, db_errmsg(src));
				return -1;
			}
			if (n > 0) {
				fail(err, errsize, "table %s (%lld rows) exists only in the source",
				     t->name, (long long)n);
				return -1;
			}
			continue;
		}
		if (!t->in_src) {
			/* only in the target: must be empty like the rest */
			continue;
		}
		if (read_columns(dst, t, 1, err, errsize) || read_columns(src, t, 0, err, errsize) ||
		    read_refs(dst, t, err, errsize))
			return -1;
	}
	/* emptiness of the target (settings holds migration defaults) */
	for (i = 0; i < p->n; i++) {
		struct table *t = &p->t[i];
		int64_t n = 0;
		if (!t->in_dst || t->derived || !strcmp(t->name, "settings"))
			continue;
		if (count_rows(dst, t->name, &n) != 0) {
			fail(err, errsize, "counting %s on the target: %s", t->name, db_errmsg(dst));
			return -1;
		}
		if (n > 0 && !opt->force) {
			fail(err, errsize, "the target is not empty (table %s has %lld rows);"
			     " use --force to replace its contents", t->name, (long long)n);
			return -1;
		}
	}
	return 0;
}

/* Next table whose referenced tables are all copied, or NULL. */
static struct table *next_table(struct plan *p)
{
	int i, j;
	for (i = 0; i < p->n; i++) {
		struct table *t = &p->t[i];
		int ready = 1;
		if (t->done || !t->in_src || !t->in_dst || t->derived)
			continue;
		for (j = 0; j < t->nrefs && ready; j++) {
			struct table *r = find_table(p, t->refs[j]);
			if (r && r->in_src && r->in_dst && !r->derived && !r->done)
				ready = 0;
		}
		if (ready)
			return t;
	}
	return NULL;
}

static int copied(const struct table *t)
{
	return t->in_src && t->in_dst && !t->derived;
}

int copy_database(struct db *src, struct db *dst, const struct copy_options *opt,
		  struct copy_report *rep, char *err, size_t errsize)
{
	struct plan *p = xcalloc(1, sizeof *p);
	struct audit_report ar;
	int64_t vs, vd;
	int i, rc = -1, derived_in_dst = 0, src_tx = 0, dst_tx = 0;
	struct table *t;

	memset(rep, 0, sizeof *rep);
	err[0] = '\0';
	/* a consistent snapshot of the source */
	if (db_begin(src) != 0 ||
	    (db_engine(src) == DB_POSTGRES &&
	     db_exec(src, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", NULL, 0) < 0)) {
		fail(err, errsize, "source snapshot: %s", db_errmsg(src));
		goto out;
	}
	src_tx = 1;
	vs = migrate_current(src);
	vd = migrate_current(dst);
	if (vs < 0 || vd < 0) {
		fail(err, errsize, "reading schema versions: %s", db_errmsg(vs < 0 ? src : dst));
		goto out;
	}
	if (vs != vd) {
		fail(err, errsize, "schema versions differ: source %lld, target %lld",
		     (long long)vs, (long long)vd);
		goto out;
	}
	rep->schema_version = vs;
	if (prepare_plan(src, dst, p, opt, err, errsize))
		goto out;

	i = audit_verify(src, &ar);
	if (i < 0) {
		fail(err, errsize, "verifying the source audit log: %s", db_errmsg(src));
		goto out;
	}
	if (i > 0 && !opt->force) {
		fail(err, errsize, "the source audit chain is broken (%s); use --force to copy it as it is",
		     ar.message);
		goto out;
	}
	rep->audit_entries = ar.entries;
	str_copy(rep->audit_head, ar.head_hash, sizeof rep->audit_head);

	if (db_begin(dst) != 0) {
		fail(err, errsize, "target transaction: %s", db_errmsg(dst));
		goto out;
	}
	dst_tx = 1;
	if (opt->force) {
		if (wipe_target(dst, p, err, errsize))
			goto out;
	} else if (find_table(p, "settings") && db_exec(dst, "DELETE FROM settings", NULL, 0) < 0) {
		fail(err, errsize, "clearing default settings: %s", db_errmsg(dst));
		goto out;
	}
	while ((t = next_table(p)) != NULL) {
		if (copy_rows(src, dst, t, err, errsize))
			goto out;
		t->done = 1;
		if (opt->progress)
			fprintf(opt->progress, "copied %-24s %lld rows\n", t->name, (long long)t->rows);
	}
	for (i = 0; i < p->n; i++) {
		if (copied(&p->t[i]) && !p->t[i].done) {
			fail(err, errsize, "cannot order table %s by its foreign keys (a cycle)", p->t[i].name);
			goto out;
		}
		if (p->t[i].in_dst && p->t[i].derived)
			derived_in_dst = 1;
	}
	for (i = 0; i < p->n; i++)
		if (copied(&p->t[i]) && copy_selfrefs(src, dst, &p->t[i], err, errsize))
			goto out;
	if (db_engine(dst) == DB_POSTGRES)
		for (i = 0; i < p->n; i++)
			if (copied(&p->t[i]) && reset_sequences(dst, &p->t[i], err, errsize))
				goto out;
	if (derived_in_dst && search_reindex(dst, &rep->reindexed) != 0) {
		fail(err, errsize, "rebuilding the search index: %s", db_errmsg(dst));
		goto out;
	}
	if (db_commit(dst) != 0) {
		fail(err, errsize, "commit: %s", db_errmsg(dst));
		goto out;
	}
	dst_tx = 0;
	if (opt->progress && derived_in_dst)
		fprintf(opt->progress, "search index rebuilt: %lld items\n", (long long)rep->reindexed);

	/* verification, on the committed target */
	rc = 0;
	rep->verified = 1;
	for (i = 0; i < p->n && rep->ntables < COPY_MAX_TABLES; i++) {
		struct copy_table_report *tr;
		uint64_t d[4];
		t = &p->t[i];
		if (!copied(t) && !(t->derived == 1 && t->in_dst))
			continue;
		tr = &rep->tables[rep->ntables++];
		str_copy(tr->name, t->name, sizeof tr->name);
		if (t->derived) {
			tr->derived = 1;
			tr->digest_ok = 1;
			continue;
		}
		tr->rows = t->rows;
		if (table_digest(dst, t, &tr->target_rows, d) != 0) {
			fail(err, errsize, "re-reading %s: %s", t->name, db_errmsg(dst));
			rep->verified = 0;
			rc = 1;
			continue;
		}
		tr->digest_ok = !memcmp(d, t->digest, sizeof d);
		if (tr->target_rows != tr->rows || !tr->digest_ok) {
			if (!err[0])
				fail(err, errsize, "table %s differs after the copy (%lld rows in the source,"
				     " %lld in the target)", t->name, (long long)tr->rows,
				     (long long)tr->target_rows);
			rep->verified = 0;
			rc = 1;
		}
	}
	{
		struct audit_report tr;
		int v = audit_verify(dst, &tr);
		rep->audit_ok = v == 0 && tr.entries == rep->audit_entries &&
				!strcmp(tr.head_hash, rep->audit_head);
		if (v > 0 && ar.first_broken_id && tr.first_broken_id == ar.first_broken_id)
			rep->audit_ok = 1;   /* copied a broken chain verbatim (--force) */
		if (!rep->audit_ok) {
			if (!err[0])
				fail(err, errsize, "audit chain on the target: %s",
				     v < 0 ? db_errmsg(dst) : tr.message[0] ? tr.message : "head differs");
			rep->verified = 0;
			rc = 1;
		}
	}
out:
	if (dst_tx)
		db_rollback(dst);
	if (src_tx)
		db_rollback(src);
	free(p);
	return rc;
}
