/* copy.h - copy a whole gongkai database from one connection to another
 * (SQLite to PostgreSQL, and back, or between two of the same engine).
 *
 * The tables are not listed by hand: they are read from the databases'
 * own catalogues (sqlite_master / information_schema), so every table a
 * migration adds is copied without touching this module. Both databases
 * must be at the same schema version (db_open migrates them). Tables are
 * copied in foreign-key order inside ONE target transaction, from a
 * consistent snapshot of the source; self-references (agencies.parent_id,
 * ...) are filled in a second pass. The audit log is copied verbatim (ids,
 * timestamps, hashes) together with the settings row 'audit.head', so the
 * chain verifies on the target exactly as on the source. Derived tables
 * (the full-text index, engine specific) are not copied but rebuilt with
 * search_reindex(). PostgreSQL sequences are moved past the copied ids.
 *
 * Afterwards every table is re-read on the target: its row count and an
 * order-independent digest of its contents must equal the source's, and
 * audit_verify() must pass on the target with the source's head hash. */
#ifndef GK_COPY_H
#define GK_COPY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct db;

#define COPY_MAX_TABLES 128

struct copy_options {
	int force;        /* empty a non-empty target first (and copy a broken chain) */
	FILE *progress;   /* one line per table, or NULL */
};

struct copy_table_report {
	char name[64];
	int64_t rows;         /* rows copied (= source rows) */
	int64_t target_rows;  /* rows found on the target afterwards */
	int digest_ok;        /* contents equal (order-independent digest) */
	int derived;          /* not copied: rebuilt (search index) */
};

struct copy_report {
	struct copy_table_report tables[COPY_MAX_TABLES];
	int ntables;
	int64_t schema_version;
	int64_t audit_entries;
	char audit_head[65];        /* head hash on the source ("" if empty log) */
	int audit_ok;               /* audit_verify passed on the target, same head */
	int64_t reindexed;          /* items put back into the search index */
	int verified;               /* every check above passed */
};

/* Copy everything from src to dst and verify it (see the header comment).
 * Returns 0 when the copy is committed and verified, 1 when it was
 * committed but verification failed (report says where), -1 when nothing
 * was changed on the target (refused or failed; reason in err). */
int copy_database(struct db *src, struct db *dst, const struct copy_options *opt,
		  struct copy_report *rep, char *err, size_t errsize);

#endif
