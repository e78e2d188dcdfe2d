/* db_pg.c - the PostgreSQL backend of the store interface (libpq).
 *
 * Parameters $N are native. Every call runs with PQexecParams (integers as
 * int8 text, text as text, blobs in binary format); results are fetched
 * whole, so nested queries on one connection work and store code must
 * LIMIT what it reads. db_begin is BEGIN (READ COMMITTED); rows to be
 * updated are locked by the store with SELECT ... FOR UPDATE. A lost
 * connection is reported as DB_ERR_UNAVAILABLE and re-established on the
 * next call (never inside a transaction: that transaction is gone). */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/xalloc.h"
#include "store/db_impl.h"

#define PG_MAX_PARAMS 100
#define OID_INT8 20
#define OID_BYTEA 17

struct pg_db {
	struct db base;
	PGconn *conn;
	int in_tx;     /* between a successful BEGIN and COMMIT/ROLLBACK */
};

struct pg_stmt {
	struct db_stmt base;
	PGresult *res;
	int row;                 /* current row, -1 before the first step */
	int nrows;
	unsigned char *blob;     /* last unescaped bytea, freed on step/finish */
};

static struct pg_db *PDB(struct db *db)
{
	return (struct pg_db *)db;
}

static void quiet_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Record a libpq message as a one-line error. */
static void set_pg_error(struct pg_db *p, enum db_errclass cls, const char *what, const char *msg)
{
	char clean[DB_ERRMSG_MAX];
	size_t n;
	str_copy(clean, msg ? msg : "", sizeof clean);
	n = strlen(clean);
	while (n && (clean[n - 1] == '\n' || clean[n - 1] == ' '))
		clean[--n] = '\0';
	for (n = 0; clean[n]; n++)   /* libpq messages span lines; keep one */
		if (clean[n] == '\n' || clean[n] == '\t')
			clean[n] = ' ';
	db_set_error(&p->base, cls, "%s: %s", what, clean);
}

static enum db_errclass classify(const char *sqlstate)
{
	if (!sqlstate)
		return DB_ERR_UNAVAILABLE;   /* no server answer at all */
	if (!strncmp(sqlstate, "23", 2) || !strcmp(sqlstate, "40001") || !strcmp(sqlstate, "40P01"))
		return DB_ERR_CONFLICT;
	if (!strncmp(sqlstate, "08", 2) || !strncmp(sqlstate, "57P0", 4) ||
	    !strcmp(sqlstate, "53300"))
		return DB_ERR_UNAVAILABLE;
	return DB_ERR_OTHER;
}

/* Make sure the connection is usable; reconnect outside transactions. */
static int ensure_conn(struct pg_db *p)
{
	if (PQstatus(p->conn) == CONNECTION_OK)
		return 0;
	if (p->in_tx) {
		/* reconnecting would run the rest in autocommit: refuse until
		 * the caller rolls back */
		db_set_error(&p->base, DB_ERR_UNAVAILABLE,
			     "connection lost inside a transaction; roll back and retry");
		return -1;
	}
	PQreset(p->conn);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		set_pg_error(p, DB_ERR_UNAVAILABLE, "reconnect", PQerrorMessage(p->conn));
		return -1;
	}
	PQsetNoticeProcessor(p->conn, quiet_notices, NULL);
	return 0;
}

/* Check a result; on failure record the error, clear res and return -1. */
static int check_result(struct pg_db *p, PGresult *res, const char *what)
{
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
		return 0;
	if (!res || PQstatus(p->conn) != CONNECTION_OK) {
		set_pg_error(p, DB_ERR_UNAVAILABLE, what, PQerrorMessage(p->conn));
	} else {
		set_pg_error(p, classify(PQresultErrorField(res, PG_DIAG_SQLSTATE)), what,
			     PQresultErrorMessage(res));
	}
	PQclear(res);
	return -1;
}

static PGresult *run(struct pg_db *p, const char *sql, const struct db_param *prm, int np,
		     const char *what)
{
	const char *values[PG_MAX_PARAMS];
	int lengths[PG_MAX_PARAMS], formats[PG_MAX_PARAMS];
	unsigned int types[PG_MAX_PARAMS];
	char nums[PG_MAX_PARAMS][24];
	char *copies[PG_MAX_PARAMS];
	PGresult *res;
	int i;
	if (np < 0 || np > PG_MAX_PARAMS) {
		db_set_error(&p->base, DB_ERR_OTHER, "%s: too many parameters (%d)", what, np);
		return NULL;
	}
	if (ensure_conn(p) != 0)
		return NULL;
	for (i = 0; i < np; i++) {
		copies[i] = NULL;
		lengths[i] = 0;
		formats[i] = 0;
		types[i] = 0;
		switch (prm[i].type) {
		case DB_INT:
			snprintf(nums[i], sizeof nums[i], "%lld", (long long)prm[i].i);
			values[i] = nums[i];
			types[i] = OID_INT8;
			break;
		case DB_TEXT:
			if (prm[i].s && prm[i].len) {
				copies[i] = xstrndup(prm[i].s, prm[i].len);
				values[i] = copies[i];
			} else {
				values[i] = prm[i].s;   /* NULL binds SQL NULL */
			}
			break;
		case DB_BLOB:
			values[i] = prm[i].s ? prm[i].s : "";
			lengths[i] = (int)prm[i].len;
			formats[i] = 1;
			types[i] = OID_BYTEA;
			break;
		default:
			values[i] = NULL;
			break;
		}
	}
	res = PQexecParams(p->conn, sql, np, np ? types : NULL, np ? values : NULL,
			   np ? lengths : NULL, np ? formats : NULL, 0);
	for (i = 0; i < np; i++)
		free(copies[i]);
	if (check_result(p, res, what) != 0)
		return NULL;
	return res;
}

static int64_t pg_exec(struct db *db, const char *sql, const struct db_param *prm, int np)
{
	struct pg_db *p = PDB(db);
	PGresult *res = run(p, sql, prm, np, "exec");
	int64_t n = 0;
	const char *t;
	if (!res)
		return -1;
	t = PQcmdTuples(res);
	if (t && *t && str_to_int64(t, &n) != 0)
		n = 0;
	PQclear(res);
	return n;
}

static int simple(struct pg_db *p, const char *sql, const char *what)
{
	PGresult *res;
	if (ensure_conn(p) != 0)
		return -1;
	res = PQexec(p->conn, sql);
	if (check_result(p, res, what) != 0)
		return -1;
	PQclear(res);
	return 0;
}

static int pg_exec_script(struct db *db, const char *sql)
{
	return simple(PDB(db), sql, "script");
}

static int pg_begin(struct db *db)
{
	struct pg_db *p = PDB(db);
	if (simple(p, "BEGIN", "begin") != 0)
		return -1;
	p->in_tx = 1;
	return 0;
}

static int pg_commit(struct db *db)
{
	struct pg_db *p = PDB(db);
	PGresult *res;
	p->in_tx = 0;
	if (PQstatus(p->conn) != CONNECTION_OK) {
		db_set_error(db, DB_ERR_UNAVAILABLE, "commit: connection lost; transaction not committed");
		return -1;
	}
	if (PQtransactionStatus(p->conn) == PQTRANS_INERROR) {
		/* COMMIT of a failed transaction "succeeds" as a ROLLBACK */
		simple(p, "ROLLBACK", "rollback");
		db_set_error(db, DB_ERR_OTHER, "commit: the transaction had failed and was rolled back");
		return -1;
	}
	res = PQexec(p->conn, "COMMIT");
	if (check_result(p, res, "commit") != 0)
		return -1;
	PQclear(res);
	return 0;
}

static int pg_rollback(struct db *db)
{
	struct pg_db *p = PDB(db);
	PGresult *res;
	p->in_tx = 0;
	if (PQstatus(p->conn) != CONNECTION_OK ||
	    PQtransactionStatus(p->conn) == PQTRANS_IDLE)
		return 0;   /* nothing open (a lost connection lost it too) */
	res = PQexec(p->conn, "ROLLBACK");
	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
		if (db->errclass == DB_OK)
			set_pg_error(p, DB_ERR_OTHER, "rollback", PQerrorMessage(p->conn));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	return 0;
}

static struct db_stmt *pg_query(struct db *db, const char *sql, const struct db_param *prm, int np)
{
	struct pg_db *p = PDB(db);
	struct pg_stmt *q;
	PGresult *res = run(p, sql, prm, np, "query");
	if (!res)
		return NULL;
	q = xcalloc(1, sizeof *q);
	q->base.db = db;
	q->res = res;
	q->row = -1;
	q->nrows = PQntuples(res);
	return &q->base;
}

static int pg_step(struct db_stmt *base)
{
	struct pg_stmt *q = (struct pg_stmt *)base;
	if (q->blob) {
		PQfreemem(q->blob);
		q->blob = NULL;
	}
	if (q->row + 1 >= q->nrows) {
		q->row = q->nrows;
		return 0;
	}
	q->row++;
	return 1;
}

static int valid_cell(struct pg_stmt *q, int col)
{
	return q->row >= 0 && q->row < q->nrows && col >= 0 && col < PQnfields(q->res);
}

static int pg_col_isnull(struct db_stmt *base, int col)
{
	struct pg_stmt *q = (struct pg_stmt *)base;
	return !valid_cell(q, col) || PQgetisnull(q->res, q->row, col);
}

static int64_t pg_col_int(struct db_stmt *base, int col)
{
	struct pg_stmt *q = (struct pg_stmt *)base;
	const char *v;
	int64_t n = 0;
	if (!valid_cell(q, col))
		return 0;
	v = PQgetvalue(q->res, q->row, col);
	if (!strcmp(v, "t"))
		return 1;
	if (str_to_int64(v, &n) != 0)
		return 0;
	return n;
}

static const char *pg_col_text(struct db_stmt *base, int col)
{
	struct pg_stmt *q = (struct pg_stmt *)base;
	if (!valid_cell(q, col) || PQgetisnull(q->res, q->row, col))
		return NULL;
	return PQgetvalue(q->res, q->row, col);
}

static const void *pg_col_blob(struct db_stmt *base, int col, size_t *len)
{
	struct pg_stmt *q = (struct pg_stmt *)base;
	size_t n = 0;
	if (len)
		*len = 0;
	if (!valid_cell(q, col) || PQgetisnull(q->res, q->row, col))
		return NULL;
	if (PQftype(q->res, col) != OID_BYTEA) {
		if (len)
			*len = (size_t)PQgetlength(q->res, q->row, col);
		return PQgetvalue(q->res, q->row, col);
	}
	if (q->blob)
		PQfreemem(q->blob);
	q->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(q->res, q->row, col), &n);
	if (len)
		*len = q->blob ? n : 0;
	return q->blob ? (const void *)q->blob : (const void *)"";
}

static void pg_finish(struct db_stmt *base)
{
	struct pg_stmt *q = (struct pg_stmt *)base;
	if (q->blob)
		PQfreemem(q->blob);
	PQclear(q->res);
	free(q);
}

static void pg_close(struct db *db)
{
	struct pg_db *p = PDB(db);
	PQfinish(p->conn);
	free(p);
}

static const struct db_ops pg_ops = {
	"postgresql",
	pg_close, pg_begin, pg_commit, pg_rollback,
	pg_exec, pg_exec_script, pg_query, pg_step,
	pg_col_isnull, pg_col_int, pg_col_text, pg_col_blob, pg_finish,
};

struct db *db_pg_open(const char *url, char *err, size_t errsize)
{
	struct pg_db *p = xcalloc(1, sizeof *p);
	PGresult *res;
	p->base.ops = &pg_ops;
	p->base.engine = DB_POSTGRES;
	p->conn = PQconnectdb(url);
	if (!p->conn || PQstatus(p->conn) != CONNECTION_OK) {
		char msg[DB_ERRMSG_MAX];
		str_copy(msg, p->conn ? PQerrorMessage(p->conn) : "out of memory", sizeof msg);
		msg[strcspn(msg, "\n")] = '\0';
		snprintf(err, errsize, "cannot connect to PostgreSQL: %s", msg);
		PQfinish(p->conn);
		free(p);
		return NULL;
	}
	PQsetNoticeProcessor(p->conn, quiet_notices, NULL);
	res = PQexec(p->conn, "SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'");
	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
		snprintf(err, errsize, "cannot configure the PostgreSQL session: %s",
			 PQerrorMessage(p->conn));
		PQclear(res);
		pg_close(&p->base);
		return NULL;
	}
	PQclear(res);
	return &p->base;
}
