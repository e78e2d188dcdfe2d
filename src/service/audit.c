/* audit.c - the hash-chained audit log (see audit.h and docs/store.md). */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/str.h"
#include "service/audit.h"
#include "store/db_impl.h"

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"
#define AUDIT_HEAD_KEY "audit.head"

/* Field: decimal byte length, ':', the bytes, '\n'. Length-prefixing makes
 * the serialisation unambiguous whatever the fields contain. */
static void field(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	buf_printf(b, "%zu:", n);
	buf_add(b, s, n);
	buf_addc(b, '\n');
}

void audit_entry_hash(int64_t id, const char *at, const char *actor, int64_t agency_id,
		      const char *action, const char *object_type, const char *object_id,
		      const char *detail_json, const char *prev_hash, char *out)
{
	struct buf b = BUF_INIT(0);
	unsigned char digest[crypto_hash_sha256_BYTES];
	char num[32];
	buf_adds(&b, prev_hash);
	buf_adds(&b, "\ngongkai-audit-v1\n");
	snprintf(num, sizeof num, "%lld", (long long)id);
	field(&b, num);
	field(&b, at);
	field(&b, actor);
	if (agency_id > 0)
		snprintf(num, sizeof num, "%lld", (long long)agency_id);
	else
		num[0] = '\0';
	field(&b, num);
	field(&b, action);
	field(&b, object_type);
	field(&b, object_id);
	field(&b, detail_json);
	crypto_hash_sha256(digest, (const unsigned char *)buf_str(&b), b.len);
	sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof digest);
	buf_free(&b);
}

static void utc_now(char *out, size_t size)
{
	struct timespec ts;
	struct tm tm;
	char base[32];
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, size, "%s.%06ldZ", base, ts.tv_nsec / 1000);
}

/* Read the head pointer "ID:HASH". Returns 0 found, 1 absent, -1 error. */
static int read_head(struct db *db, int lock, int64_t *id, char *hash)
{
	const char *sql = lock && db_engine(db) == DB_POSTGRES
		? "SELECT value FROM settings WHERE key = $1 FOR UPDATE"
		: "SELECT value FROM settings WHERE key = $1";
	struct db_param p[] = {DBP_TEXT(AUDIT_HEAD_KEY)};
	struct db_stmt *st = db_query(db, sql, p, 1);
	int rc;
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1) {
		const char *v = db_col_text(st, 0);
		const char *colon = strchr(v, ':');
		char num[24];
		size_t n = colon ? (size_t)(colon - v) : 0;
		rc = 0;
		if (!colon || n == 0 || n >= sizeof num || strlen(colon + 1) != 64) {
			*id = -1;   /* malformed: reported by verify, refused by append */
			hash[0] = '\0';
		} else {
			memcpy(num, v, n);
			num[n] = '\0';
			if (str_to_int64(num, id) != 0)
				*id = -1;
			str_copy(hash, colon + 1, AUDIT_HASH_HEX);
		}
	} else if (rc == 0) {
		rc = 1;
	}
	db_finish(st);
	return rc;
}

static int too_long(const char *s, size_t max)
{
	return strlen(s) > max;
}

int64_t audit_append(struct db *db, const char *actor, int64_t agency_id,
		     const char *action, const char *object_type,
		     const char *object_id, const char *detail_json)
{
	char prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX], at[64], head[100];
	int64_t head_id = 0, last_id = 0;
	int rc;
	actor = actor ? actor : "";
	action = action ? action : "";
	object_type = object_type ? object_type : "";
	object_id = object_id ? object_id : "";
	detail_json = detail_json ? detail_json : "{}";
	if (too_long(actor, AUDIT_FIELD_MAX) || too_long(action, AUDIT_FIELD_MAX) ||
	    too_long(object_type, AUDIT_FIELD_MAX) || too_long(object_id, AUDIT_FIELD_MAX) ||
	    too_long(detail_json, AUDIT_DETAIL_MAX)) {
		db_set_error(db, DB_ERR_OTHER, "audit entry field too long");
		return -1;
	}
	if (sodium_init() < 0) {
		db_set_error(db, DB_ERR_OTHER, "libsodium cannot be initialised");
		return -1;
	}
	utc_now(at, sizeof at);
	/* the head row is the lock (PostgreSQL) and the link to follow */
	rc = read_head(db, 1, &head_id, prev);
	if (rc < 0)
		return -1;
	if (db_query_int(db, "SELECT COALESCE(MAX(id), 0) FROM audit_log", NULL, 0, &last_id) < 0)
		return -1;
	if (rc == 1) {
		if (last_id != 0) {
			db_set_error(db, DB_ERR_OTHER,
				     "audit log has entries but no head pointer; run audit verification");
			return -1;
		}
		str_copy(prev, AUDIT_GENESIS, sizeof prev);
		/* create the head row first so PostgreSQL writers queue on it;
		 * a racing first writer gets a conflict and retries */
		if (db_exec(db, "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)",
			    (struct db_param[]){DBP_TEXT(AUDIT_HEAD_KEY), DBP_TEXT("0:" AUDIT_GENESIS),
						DBP_TEXT(at)}, 3) < 0)
			return -1;
	} else if (head_id != last_id) {
		db_set_error(db, DB_ERR_OTHER,
			     "audit log head pointer (%lld) does not match the last entry (%lld); "
			     "run audit verification", (long long)head_id, (long long)last_id);
		return -1;
	}
	last_id++;
	audit_entry_hash(last_id, at, actor, agency_id, action, object_type, object_id,
			 detail_json, prev, hash);
	if (db_exec(db, "INSERT INTO audit_log (id, at, actor, agency_id, action, object_type, "
			"object_id, detail_json, prev_hash, hash) "
			"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
		    (struct db_param[]){DBP_INT(last_id), DBP_TEXT(at), DBP_TEXT(actor),
					agency_id > 0 ? DBP_INT(agency_id) : DBP_NULL,
					DBP_TEXT(action), DBP_TEXT(object_type), DBP_TEXT(object_id),
					DBP_TEXT(detail_json), DBP_TEXT(prev), DBP_TEXT(hash)},
		    10) < 0)
		return -1;
	snprintf(head, sizeof head, "%lld:%s", (long long)last_id, hash);
	if (db_exec(db, "UPDATE settings SET value = $1, updated_at = $2 WHERE key = $3",
		    (struct db_param[]){DBP_TEXT(head), DBP_TEXT(at), DBP_TEXT(AUDIT_HEAD_KEY)},
		    3) != 1)
		return -1;
	return last_id;
}

static int broken(struct audit_report *r, int64_t id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record the first broken entry and why; returns 1 (the verify result). */
static int broken(struct audit_report *r, int64_t id, const char *fmt, ...)
{
	va_list ap;
	r->first_broken_id = id;
	va_start(ap, fmt);
	vsnprintf(r->message, sizeof r->message, fmt, ap);
	va_end(ap);
	return 1;
}

int audit_verify(struct db *db, struct audit_report *r)
{
	char prev[AUDIT_HASH_HEX], want[AUDIT_HASH_HEX], head_hash[AUDIT_HASH_HEX];
	int64_t expect = 1, head_id = 0;
	int rc, head_rc, result = 0;
	struct db_stmt *st;
	memset(r, 0, sizeof *r);
	if (sodium_init() < 0) {
		snprintf(r->message, sizeof r->message, "libsodium cannot be initialised");
		return -1;
	}
	str_copy(prev, AUDIT_GENESIS, sizeof prev);
	st = db_query(db, "SELECT id, at, actor, agency_id, action, object_type, object_id, "
			  "detail_json, prev_hash, hash FROM audit_log ORDER BY id", NULL, 0);
	if (!st) {
		snprintf(r->message, sizeof r->message, "%s", db_errmsg(db));
		return -1;
	}
	while ((rc = db_step(st)) == 1) {
		int64_t id = db_col_int(st, 0);
		const char *stored_prev = db_col_text(st, 8);
		const char *stored = db_col_text(st, 9);
		if (id != expect) {
			result = broken(r, expect,
					"entry %lld is missing (next entry found is %lld)",
					(long long)expect, (long long)id);
			break;
		}
		if (strcmp(stored_prev, prev) != 0) {
			result = broken(r, id, "entry %lld does not link to entry %lld "
				       "(prev_hash differs: an entry was removed, replaced or reordered)",
				       (long long)id, (long long)(id - 1));
			break;
		}
		audit_entry_hash(id, db_col_text(st, 1), db_col_text(st, 2),
				 db_col_isnull(st, 3) ? 0 : db_col_int(st, 3),
				 db_col_text(st, 4), db_col_text(st, 5), db_col_text(st, 6),
				 db_col_text(st, 7), prev, want);
		if (strcmp(want, stored) != 0) {
			result = broken(r, id, "entry %lld was altered (hash mismatch)", (long long)id);
			break;
		}
		str_copy(prev, stored, sizeof prev);
		r->entries++;
		expect++;
	}
	db_finish(st);
	if (rc < 0) {
		snprintf(r->message, sizeof r->message, "%s", db_errmsg(db));
		return -1;
	}
	if (result)
		return result;
	if (r->entries > 0)
		str_copy(r->head_hash, prev, sizeof r->head_hash);
	head_rc = read_head(db, 0, &head_id, head_hash);
	if (head_rc < 0) {
		snprintf(r->message, sizeof r->message, "%s", db_errmsg(db));
		return -1;
	}
	if (head_rc == 1) {
		if (r->entries > 0)
			return broken(r, 1, "the audit head pointer is missing (%lld entries)",
				      (long long)r->entries);
	} else if (head_id != r->entries || strcmp(head_hash, r->entries ? prev : AUDIT_GENESIS)) {
		if (head_id > r->entries)
			return broken(r, r->entries + 1,
				      "the log ends at entry %lld but the head pointer says %lld "
				      "(entries were removed from the end)",
				      (long long)r->entries, (long long)head_id);
		return broken(r, head_id > 0 ? head_id : 1,
			      "the head pointer (entry %lld) does not match the log (%lld entries)",
			      (long long)head_id, (long long)r->entries);
	}
	snprintf(r->message, sizeof r->message, "audit log intact: %lld entries",
		 (long long)r->entries);
	return 0;
}
