/* test_accounts.c - passwords, logins, sessions (idle and absolute
 * expiry), lockout and API tokens (service/accounts.c). DB from
 * $GONGKAI_TEST_DB_URL / $GONGKAI_TEST_PG_URL, else a temp SQLite file (uses-db). */
#include "t.h"
#include "service/accounts.h"
#include "service/audit.h"
#include "store/db.h"
#include "store/sessions.h"
#include "base/isotime.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct db *db;
static struct actor sys = {0, "system", 1, ""};

static int login(const char *name, const char *pw, const char *ip, struct login_result *r,
		 struct svc_error *e)
{
	memset(e, 0, sizeof *e);
	return accounts_login(db, name, pw, ip, "test-agent", r, e);
}

int main(void)
{
	char path[256], err[512], hash[ACCOUNTS_HASH_MAX], name[64], other[64], tok[ACCOUNTS_SECRET_MAX];
	char ip[64], sid[ACCOUNTS_SECRET_MAX];
	const char *url = getenv("GONGKAI_TEST_DB_URL");
	struct login_result r, r2;
	struct svc_error e;
	struct auth_info ai;
	struct user u;
	int64_t uid = 0, agency = 0, tid = 0;
	time_t t0 = 1714550400; /* 2024-05-01T08:00:00Z */
	int i, rc;

	if (!url || !*url)
		url = getenv("GONGKAI_TEST_PG_URL");
	if (!url || !*url) {
		snprintf(path, sizeof path, "sqlite:/tmp/gk_test_accounts_%ld.db", (long)getpid());
		unlink(path + 7);
		url = path;
	}
	db = db_open(url, err, sizeof err);
	T_OK(db != NULL, "open %s", url);
	if (!db) {
		printf("# %s\n", err);
		return T_DONE();
	}
	snprintf(name, sizeof name, "clerk%ld", (long)getpid());
	snprintf(other, sizeof other, "nobody%ld", (long)getpid());
	snprintf(ip, sizeof ip, "10.%d.%d.7", (int)(getpid() % 200), (int)(getpid() / 200 % 200));

	/* passwords */
	T_OK(accounts_password_hash("correct horse 1", hash, sizeof hash) == 0, "hash password");
	T_OK(!strncmp(hash, "$argon2id$", 10), "Argon2id hash string: %.20s", hash);
	T_OK(accounts_password_verify(hash, "correct horse 1"), "right password verifies");
	T_OK(!accounts_password_verify(hash, "correct horse 2"), "wrong password fails");
	T_OK(!accounts_password_verify("garbage", "x"), "garbage hash fails");
	T_OK(crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
					    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0,
	     "fresh hash needs no rehash");
	T_OK(accounts_check_password("short", &e) == -1 && !strcmp(e.field, "password"),
	     "short password refused");
	T_OK(accounts_check_login("Bad Name", &e) == -1, "login with space/upper refused");
	T_OK(accounts_check_login("system", &e) == -1, "login 'system' reserved");
	T_OK(accounts_check_login("zhang.san", &e) == 0, "normal login accepted");

	/* a user */
	{
		struct agency_input in = {0, NULL, "测试局", "department"};
		T_OK(accounts_agency_create(db, &sys, &in, &agency, &e) == 0, "agency");
	}
	T_OK(accounts_user_create(db, &sys, name, "张三", "correct horse 1", agency, "clerk",
				  &uid, &e) == 0 && uid > 0, "create user");
	T_OK(accounts_user_create(db, &sys, name, "张三", "correct horse 1", 0, NULL,
				  &tid, &e) == -1 && e.code == SVC_CONFLICT, "duplicate login 409");

	/* login, session */
	accounts_clock_set(t0);
	rc = login(name, "correct horse 1", ip, &r, &e);
	T_OK(rc == 0, "login ok (%s)", rc ? e.message : "");
	T_EQ_INT(strlen(r.session_id), 43, "session id is 43 base64url chars");
	T_OK(strlen(r.csrf_token) == 43 && strcmp(r.csrf_token, r.session_id), "csrf token differs");
	T_EQ_INT(r.user.id, uid, "login returns the user");
	{
		int64_t n = -1;
		struct db_param p[1] = {DBP_TEXT(r.session_id)};
		db_query_int(db, "SELECT COUNT(*) FROM sessions WHERE id = $1", p, 1, &n);
		T_EQ_INT(n, 0, "session id itself is not stored");
	}
	T_OK(accounts_session_check(db, r.session_id, &ai) == 0 && ai.user_id == uid &&
	     !strcmp(ai.csrf_token, r.csrf_token), "session validates");
	T_OK(accounts_session_check(db, "AAAA", &ai) == 1, "malformed session id refused");
	snprintf(sid, sizeof sid, "%s", r.session_id);
	sid[0] = sid[0] == 'A' ? 'B' : 'A';
	T_OK(accounts_session_check(db, sid, &ai) == 1, "unknown session refused");

	/* idle expiry: requests keep it alive, 8 h of silence ends it */
	accounts_clock_set(t0 + 7 * 3600);
	T_OK(accounts_session_check(db, r.session_id, &ai) == 0, "alive after 7 h (touches)");
	accounts_clock_set(t0 + 14 * 3600);
	T_OK(accounts_session_check(db, r.session_id, &ai) == 0, "alive 7 h after last request");
	accounts_clock_set(t0 + 22 * 3600 + 1);
	T_OK(accounts_session_check(db, r.session_id, &ai) == 1, "expired after 8 h idle");

	/* absolute expiry: 7 days even when used */
	accounts_clock_set(t0);
	T_OK(login(name, "correct horse 1", ip, &r, &e) == 0, "login again");
	for (i = 1; i <= 7 * 4; i++) {
		accounts_clock_set(t0 + (time_t)i * 6 * 3600 - 1);
		if (accounts_session_check(db, r.session_id, &ai) != 0)
			break;
	}
	T_EQ_INT(i, 7 * 4 + 1, "session used every 6 h lives until the last second of day 7");
	accounts_clock_set(t0 + 7 * 24 * 3600 + 1);
	T_OK(accounts_session_check(db, r.session_id, &ai) == 1, "expired after 7 days");

	/* logout */
	accounts_clock_set(t0 + 8 * 24 * 3600);
	T_OK(login(name, "correct horse 1", ip, &r, &e) == 0, "login for logout");
	T_OK(accounts_logout(db, r.session_id, &e) == 0, "logout");
	T_OK(accounts_session_check(db, r.session_id, &ai) == 1, "session gone after logout");

	/* wrong password vs unknown login: same answer */
	accounts_clock_set(t0 + 9 * 24 * 3600);
	T_OK(login(name, "wrong password", ip, &r, &e) == -1 && e.code == SVC_UNAUTHENTICATED,
	     "wrong password 401");
	snprintf(err, sizeof err, "%s", e.message);
	T_OK(login(other, "wrong password", ip, &r2, &e) == -1 && e.code == SVC_UNAUTHENTICATED,
	     "unknown login 401");
	T_EQ_STR(e.message, err, "same message for unknown login and wrong password");

	/* lockout: 5 failures in 15 minutes */
	for (i = 2; i <= 4; i++)
		rc = login(name, "wrong password", ip, &r, &e);
	T_OK(rc == -1 && e.code == SVC_UNAUTHENTICATED, "4th failure still 401");
	rc = login(name, "wrong password", ip, &r, &e);
	T_OK(rc == -1 && e.code == SVC_RATE_LIMITED, "5th failure locks (429)");
	T_OK(r.retry_after > 14 * 60 && r.retry_after <= 15 * 60, "retry after ~15 min (%d s)",
	     r.retry_after);
	T_OK(strstr(e.message, "分钟") != NULL, "message says when: %s", e.message);
	rc = login(name, "correct horse 1", ip, &r, &e);
	T_OK(rc == -1 && e.code == SVC_RATE_LIMITED, "right password refused while locked");
	accounts_clock_set(t0 + 9 * 24 * 3600 + 16 * 60);
	T_OK(login(name, "correct horse 1", ip, &r, &e) == 0, "login ok after the lock ends");
	/* 8 failures 5 minutes apart: never 5 within 15 minutes, no lock */
	for (i = 0; i < 8; i++) {
		accounts_clock_set(t0 + 10 * 24 * 3600 + (time_t)i * 5 * 60);
		rc = login(name, "wrong password", "192.0.2.1", &r, &e);
	}
	T_OK(rc == -1 && e.code == SVC_UNAUTHENTICATED, "slow failures are not locked");

	/* API tokens */
	accounts_clock_set(0);
	T_OK(login(name, "correct horse 1", ip, &r, &e) == 0, "login (real clock)");
	{
		struct actor me = {uid, "", 0, ""};
		struct actor someone = {uid + 1000, "x", 0, ""};
		snprintf(me.login, sizeof me.login, "%s", name);
		T_OK(accounts_token_create(db, &someone, uid, "ci", tok, sizeof tok, &tid, &e) == -1,
		     "cannot create a token for someone else");
		T_OK(accounts_token_create(db, &me, uid, "ci", tok, sizeof tok, &tid, &e) == 0,
		     "create token");
		T_OK(!strncmp(tok, "gk_", 3) && strlen(tok) == 46, "token looks like gk_...: %.6s", tok);
		T_OK(accounts_token_check(db, tok, &ai) == 0 && ai.user_id == uid && ai.token_id == tid,
		     "token validates");
		tok[10] = tok[10] == 'x' ? 'y' : 'x';
		T_OK(accounts_token_check(db, tok, &ai) == 1, "altered token refused");
		T_OK(accounts_token_revoke(db, &me, tid, &e) == 0, "revoke token");
	}
	/* stale throttle rows are purged at a login; recent or locked ones stay */
	{
		char old_s[32], recent_s[32], future_s[32];
		int locked;
		int64_t left = -1;
		time_t now = time(NULL);
		iso_time_format(now - 40 * 86400, old_s, sizeof old_s);
		iso_time_format(now - 86400, recent_s, sizeof recent_s);
		iso_time_format(now + 3600, future_s, sizeof future_s);
		T_OK(throttle_store_fail(db, "apply:198.51.100.1", old_s, old_s, 99, future_s, &locked) == 1 &&
		     throttle_store_fail(db, "apply:198.51.100.2", recent_s, recent_s, 99, future_s, &locked) == 1 &&
		     throttle_store_fail(db, "apply:198.51.100.3", old_s, old_s, 1, future_s, &locked) == 0 &&
		     locked, "three throttle rows: stale, recent, stale but locked");
		T_OK(login(name, "correct horse 1", ip, &r, &e) == 0, "login");
		db_query_int(db, "SELECT COUNT(*) FROM login_throttle WHERE key LIKE 'apply:198.51.100.%'",
			     NULL, 0, &left);
		T_EQ_INT((int)left, 2, "the stale unlocked row is gone, the other two stay");
	}
	/* disabled user: login and sessions stop */
	T_OK(accounts_session_check(db, r.session_id, &ai) == 0, "session valid before disable");
	T_OK(accounts_user_set_disabled(db, &sys, uid, 1, &e) == 0, "disable user");
	T_OK(accounts_session_check(db, r.session_id, &ai) == 1, "session ends when disabled");
	rc = login(name, "correct horse 1", "192.0.2.50", &r, &e);
	T_OK(rc == -1 && e.code == SVC_UNAUTHENTICATED, "disabled user cannot log in (401)");
	T_OK(accounts_user_lookup(db, name, &u, &e) == 0 && u.disabled, "lookup shows disabled");
	{
		struct audit_report ar;
		T_OK(audit_verify(db, &ar) == 0, "audit chain intact (%lld entries)",
		     (long long)ar.entries);
		T_OK(ar.entries >= 10, "logins and changes were audited");
	}
	db_close(db);
	if (url == path)
		unlink(path + 7);
	return T_DONE();
}
