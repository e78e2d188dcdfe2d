/* migrate.h - numbered schema migrations embedded in the binary.
 *
 * Migrations are data files data/migrations/<engine>/NNN_name.sql
 * (engine "sqlite" or "postgresql"), compiled in with everything else under
 * data/. The database records what it has in schema_migrations(version,
 * name, applied_at). Opening a database applies, in version order and each
 * in its own transaction, every migration it lacks; a database that has a
 * version this binary does not know (written by a newer gongkai) is
 * refused rather than touched. */
#ifndef GK_MIGRATE_H
#define GK_MIGRATE_H

#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

/* Apply pending migrations to db. Returns the number applied (>= 0), or -1
 * with a one-line reason in err (schema newer than the binary, a failing
 * migration, a malformed migration name). db_open calls this. */
int migrate_apply(struct db *db, char *err, size_t errsize);
/* The highest migration version embedded for engine (0 if none). */
int64_t migrate_latest(enum db_engine engine);
/* How many migrations are embedded for engine (versions may have gaps). */
int migrate_count(enum db_engine engine);
/* The highest version recorded in db (0 for an empty database), or -1. */
int64_t migrate_current(struct db *db);

#endif
