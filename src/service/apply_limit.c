/* apply_limit.c - per-address limit on online submissions
 * (service/apply_limit.h). */
#include "service/apply_limit.h"
#include "base/isotime.h"
#include "store/sessions.h"

#include <stdio.h>
#include <time.h>

/* Set once before the server's threads start, read-only afterwards. */
static int limit_count = APPLY_LIMIT_DEFAULT;
static int limit_window = APPLY_WINDOW_DEFAULT;

void apply_limit_set(int limit, int window_seconds)
{
	limit_count = limit > 0 ? limit : 0;
	limit_window = window_seconds > 0 ? window_seconds : 0;
}

static int limit_off(void)
{
	return limit_count <= 0 || limit_window <= 0;
}

static void limit_key(const char *addr, char *key, size_t size)
{
	snprintf(key, size, "apply:%.63s", addr && addr[0] ? addr : "unknown");
}

/* 429 saying when to come back: local wall-clock time rounded up to the
 * minute (with the date when it is not today), and the UTC time. */
static int refuse(time_t now, const char *until, int *retry_after, struct svc_error *err)
{
	time_t t = iso_time_parse(until), shown;
	struct tm lt, nt;
	char when[48];
	if (t <= now)
		t = now + 1;
	*retry_after = (int)(t - now);
	shown = t + 59;
	localtime_r(&shown, &lt);
	localtime_r(&now, &nt);
	if (lt.tm_year == nt.tm_year && lt.tm_yday == nt.tm_yday)
		snprintf(when, sizeof when, "%02d:%02d", lt.tm_hour, lt.tm_min);
	else
		snprintf(when, sizeof when, "%d月%d日 %02d:%02d", lt.tm_mon + 1, lt.tm_mday,
			 lt.tm_hour, lt.tm_min);
	return svc_fail(err, SVC_RATE_LIMITED, NULL,
			"提交过于频繁，请于 %s 后再试，或通过信函、当面等方式提交申请。 / "
			"too many applications from this address; try again after %s",
			when, until);
}

/* 0 if key is not locked at now, else the refusal (or a database error). */
static int refuse_if_locked(struct db *db, const char *key, time_t now,
			    int *retry_after, struct svc_error *err)
{
	char now_s[ISO_TIME_SIZE], until[32];
	iso_time_format(now, now_s, sizeof now_s);
	if (throttle_store_locked_until(db, key, now_s, until, sizeof until))
		return svc_db_fail(err, db);
	return until[0] ? refuse(now, until, retry_after, err) : 0;
}

int apply_limit_check(struct db *db, const char *addr, int *retry_after,
		      struct svc_error *err)
{
	char key[80];
	if (limit_off())
		return 0;
	limit_key(addr, key, sizeof key);
	return refuse_if_locked(db, key, time(NULL), retry_after, err);
}

int apply_limit_count(struct db *db, const char *addr, int *retry_after,
		      struct svc_error *err)
{
	char key[80], now_s[ISO_TIME_SIZE], floor_s[ISO_TIME_SIZE], lock_s[ISO_TIME_SIZE];
	time_t now = time(NULL);
	int locked = 0;
	if (limit_off())
		return 0;
	limit_key(addr, key, sizeof key);
	iso_time_format(now, now_s, sizeof now_s);
	iso_time_format(now - limit_window, floor_s, sizeof floor_s);
	iso_time_format(now + limit_window, lock_s, sizeof lock_s);
	/* Count first: the upsert locks the row until our transaction ends,
	 * so the check below sees every earlier submission committed. */
	if (throttle_store_fail(db, key, now_s, floor_s, limit_count, lock_s, &locked) < 0)
		return svc_db_fail(err, db);
	if (locked)
		return 0;       /* this one reached the limit: accepted, the next are not */
	return refuse_if_locked(db, key, now, retry_after, err);
}
