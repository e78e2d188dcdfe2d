/* api_calendar.c - JSON API for the working-day calendar (route table
 * calendar_routes; docs/api.md and docs/deadlines.md, "Updating the
 * calendar").
 *
 *   GET  /api/calendar   the active calendar: version, coverage, who loaded
 *                        it when, and the version this server uses now
 *   POST /api/calendar   load a new one (admin of a top-level agency): the
 *                        body is the TSV text itself, or JSON
 *                        {"tsv": "...", "source": "name", "dry_run": false};
 *                        400 with "SOURCE:LINE: reason" and "line" on a bad
 *                        file; 201 with what moved; 200 when unchanged or
 *                        a dry run.
 * Thin: identify the actor, call service/calendar_admin.h, render. */
#include "web/api.h"
#include "web/routes.h"
#include "web/auth.h"
#include "service/calendar_admin.h"
#include "base/jsonw.h"
#include "base/str.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void kv(struct jsonw *w, const char *k, const char *v)
{
	jsonw_key(w, k);
	jsonw_string(w, v && *v ? v : NULL);
}

static void kint(struct jsonw *w, const char *k, int64_t v)
{
	jsonw_key(w, k);
	jsonw_int(w, v);
}

/* GET /api/calendar */
static void h_get(struct http_request *req, struct http_response *res)
{
	struct calendar_info ci;
	struct svc_error err = {0};
	struct actor who;
	struct jsonw w;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who))
		return;
	if (calendar_admin_info(req->db, &who, &ci, &err)) {
		api_svc_error(res, &err);
		return;
	}
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	kint(&w, "version", ci.row.version);
	jsonw_key(&w, "builtin");
	jsonw_bool(&w, ci.row.version == 0);
	kv(&w, "source", ci.row.source);
	kv(&w, "sha256", ci.row.sha256);
	kint(&w, "first_year", ci.row.first_year);
	kint(&w, "last_year", ci.row.last_year);
	kint(&w, "entries", ci.row.entries);
	kint(&w, "off", ci.noff);
	kint(&w, "work", ci.nwork);
	kv(&w, "loaded_by", ci.row.loaded_by);
	kv(&w, "loaded_at", ci.row.loaded_at);
	kint(&w, "in_force_here", ci.in_force);
	jsonw_key(&w, "may_load");
	jsonw_bool(&w, ci.may_load);
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	http_json(res, 200);
}

/* The line number in a "SOURCE:LINE: reason" message, or 0. */
static int message_line(const char *msg, const char *source)
{
	size_t n = strlen(source);
	int line = 0;
	const char *p;
	if (strncmp(msg, source, n) != 0 || msg[n] != ':')
		return 0;
	for (p = msg + n + 1; *p >= '0' && *p <= '9' && line < 10000000; p++)
		line = line * 10 + (*p - '0');
	return *p == ':' ? line : 0;
}

/* POST /api/calendar */
static void h_post(struct http_request *req, struct http_response *res)
{
	struct calendar_load_result r;
	struct svc_error err = {0};
	struct actor who;
	struct jsonw w;
	json_t *root = NULL;
	const char *tsv, *source = "api", *ctype;
	size_t len, i;
	int dry = 0, status;

	if (api_need_db(req, res) || auth_api_actor(req, res, &who))
		return;
	if (req->body_too_large) {
		http_json_error_at(res, 413, "too_large", "请求体过大 / body too large", "$");
		return;
	}
	tsv = req->body.data ? req->body.data : "";
	len = req->body.len;
	ctype = http_header(req, "Content-Type");
	if ((ctype && !strncmp(ctype, "application/json", 16)) || (len && tsv[0] == '{')) {
		json_error_t jerr;
		const char *key;
		json_t *val;
		char msg[300];
		root = json_loadb(tsv, len, JSON_REJECT_DUPLICATES, &jerr);
		if (!json_is_object(root)) {
			snprintf(msg, sizeof msg, "JSON 格式错误 / malformed JSON: %.200s", jerr.text);
			json_decref(root);
			http_json_error_at(res, 400, "invalid_json", msg, "$");
			return;
		}
		json_object_foreach(root, key, val) {
			char path[96];
			int ok = !strcmp(key, "tsv") || !strcmp(key, "source") ? json_is_string(val)
			       : !strcmp(key, "dry_run") ? json_is_boolean(val) : -1;
			snprintf(path, sizeof path, "$.%.80s", key);
			if (ok != 1) {
				http_json_error_at(res, 400, ok < 0 ? "unknown_field" : "wrong_type",
						   ok < 0 ? "未知字段 / unknown field"
							  : "字段类型错误 / wrong type", path);
				json_decref(root);
				return;
			}
		}
		if (!json_is_string(json_object_get(root, "tsv"))) {
			json_decref(root);
			http_json_error_at(res, 400, "missing_field",
					   "缺少必填字段 / required field missing", "$.tsv");
			return;
		}
		tsv = json_string_value(json_object_get(root, "tsv"));
		len = json_string_length(json_object_get(root, "tsv"));
		if (json_is_string(json_object_get(root, "source")) &&
		    *json_string_value(json_object_get(root, "source")))
			source = json_string_value(json_object_get(root, "source"));
		dry = json_is_true(json_object_get(root, "dry_run"));
	}
	if (calendar_admin_load(req->db, &who, tsv, len, source, DATE_NONE, dry, &r, &err)) {
		int line = err.code == SVC_INVALID ? message_line(err.message, source) : 0;
		api_svc_error_line(res, &err, line);
		json_decref(root);
		return;
	}
	json_decref(root);
	status = r.unchanged || r.dry_run ? 200 : 201;
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	kint(&w, "version", r.version);
	kint(&w, "previous", r.previous);
	jsonw_key(&w, "unchanged");
	jsonw_bool(&w, r.unchanged);
	jsonw_key(&w, "dry_run");
	jsonw_bool(&w, r.dry_run);
	kint(&w, "first_year", r.first_year);
	kint(&w, "last_year", r.last_year);
	kint(&w, "entries", (int64_t)r.entries);
	kint(&w, "open_checked", r.open_checked);
	kint(&w, "due_moved", r.due_moved);
	kint(&w, "recached", r.recached);
	kint(&w, "closed", r.closed);
	kint(&w, "underivable", r.underivable);
	jsonw_key(&w, "moves");
	jsonw_array_begin(&w);
	for (i = 0; i < r.nmoves; i++) {
		const struct calendar_move *m = &r.moves[i];
		jsonw_object_begin(&w);
		kint(&w, "application_id", m->app_id);
		kint(&w, "agency_id", m->agency_id);
		kv(&w, "tracking_code", m->tracking_code);
		kv(&w, "old_due", m->old_due);
		kv(&w, "new_due", m->new_due);
		kv(&w, "old_state", m->old_state);
		kv(&w, "new_state", m->new_state);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	http_json(res, status);
	calendar_load_result_free(&r);
}

const struct route calendar_routes[] = {
	{"GET", "/api/calendar", h_get, "api.calendar.get"},
	{"POST", "/api/calendar", h_post, "api.calendar.load"},
	{NULL, NULL, NULL, NULL}
};
