/* audit.h - the append-only, hash-chained audit log.
 *
 * Every entry carries the SHA-256 of the previous entry's hash and its own
 * canonical serialisation (docs/store.md, "Audit log"), so altering,
 * removing or reordering entries breaks the chain. The latest (id, hash)
 * is also kept in settings row 'audit.head', written in the same
 * transaction, so removing the newest entries is detected as well.
 * Entries are numbered 1, 2, 3 ... without gaps.
 *
 * A chain only proves that nobody edited the log *without recomputing the
 * rest*; an attacker who can write the whole database can rebuild it.
 * Publishing or exporting the head hash now and then (audit_verify returns
 * it) anchors the chain outside the database. */
#ifndef GK_AUDIT_H
#define GK_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

#define AUDIT_HASH_HEX 65          /* 64 hex digits + NUL */
#define AUDIT_FIELD_MAX 256        /* actor, action, object type and id */
#define AUDIT_DETAIL_MAX 65536     /* detail_json */

/* Append one entry inside the caller's open write transaction (db_begin):
 * the caller's commit or rollback decides whether the entry exists, so
 * an action and its audit entry are never separated. agency_id <= 0 means
 * none; detail_json NULL means "{}" (it is stored verbatim, the caller
 * produces valid JSON). Concurrent writers cannot fork the chain: SQLite's
 * BEGIN IMMEDIATE serialises writers, and on PostgreSQL the head row is
 * locked with SELECT ... FOR UPDATE. Returns the new entry id (> 0), or -1
 * (see db_errmsg; over-long fields give DB_ERR_OTHER). */
int64_t audit_append(struct db *db, const char *actor, int64_t agency_id,
		     const char *action, const char *object_type,
		     const char *object_id, const char *detail_json);

struct audit_report {
	int64_t entries;                 /* entries checked */
	int64_t first_broken_id;         /* 0 when the chain is intact */
	char head_hash[AUDIT_HASH_HEX];  /* hash of the last entry ("" if none) */
	char message[512];               /* English, one line */
};

/* Walk the whole chain in id order and check every link and hash, and the
 * head pointer against the last entry. Returns 0 intact, 1 broken (report
 * says the first broken id and why), -1 on a database error. */
int audit_verify(struct db *db, struct audit_report *report);

/* The hash of one entry given its fields (exposed for tests and external
 * verifiers): hex SHA-256 over prev_hash followed by the canonical
 * serialisation. out must hold AUDIT_HASH_HEX bytes. */
void audit_entry_hash(int64_t id, const char *at, const char *actor, int64_t agency_id,
		      const char *action, const char *object_type, const char *object_id,
		      const char *detail_json, const char *prev_hash, char *out);

#endif
