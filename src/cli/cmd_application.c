/* cmd_application.c - gongkai application deadline FILE.json.
 *
 * Reads an application's event history (JSON, see docs/deadlines.md),
 * derives its statutory deadline with domain/deadline.c under the
 * working-day calendar in force (the one stored in the database named by
 * --db or $GONGKAI_DB_URL, else the installed file or the built-in one,
 * as for `gongkai calendar`), and prints the result as one JSON object. Exit 0
 * derived; 1 the history is invalid ({"error": ...} on stdout, the reason
 * on stderr); 2 bad usage or unreadable/malformed input. */
#include "cli/cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/file.h"
#include "base/jsonw.h"
#include "base/xalloc.h"
#include "domain/calendar.h"
#include "domain/deadline.h"

#define HISTORY_MAX_BYTES (1u << 20)

struct reader {
	const char *file;
	char err[512];
	int semantic;             /* the error is about the history, not the format */
};

static int bad(struct reader *rd, const char *path, const char *msg)
{
	snprintf(rd->err, sizeof rd->err, "%s: %s: %s", rd->file, path, msg);
	return -1;
}

/* Read an optional date member; DATE_NONE when absent. */
static int get_date(struct reader *rd, json_t *obj, const char *key,
		    const char *path, gk_date *out)
{
	char p[128];
	json_t *v = json_object_get(obj, key);
	*out = DATE_NONE;
	if (!v)
		return 0;
	snprintf(p, sizeof p, "%s.%s", path, key);
	if (!json_is_string(v) || date_parse(json_string_value(v), out))
		return bad(rd, p, "want a date \"YYYY-MM-DD\"");
	return 0;
}

static int check_keys(struct reader *rd, json_t *obj, const char *path,
		      const char *const *allowed)
{
	const char *k;
	json_t *v;
	char p[160];
	json_object_foreach(obj, k, v) {
		size_t i;
		int ok = 0;
		for (i = 0; allowed[i]; i++)
			if (!strcmp(k, allowed[i]))
				ok = 1;
		if (!ok) {
			snprintf(p, sizeof p, "%s.%.60s", path, k);
			return bad(rd, p, "unknown field");
		}
	}
	return 0;
}

static int get_string(struct reader *rd, json_t *obj, const char *key,
		      const char *path, const char **out)
{
	char p[128];
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v)
		return 0;
	snprintf(p, sizeof p, "%s.%s", path, key);
	if (!json_is_string(v))
		return bad(rd, p, "want a string");
	*out = json_string_value(v);
	return 0;
}

static int read_history(struct reader *rd, json_t *root, struct app_history *h,
			struct app_event *evs)
{
	static const char *const top_keys[] = {"received", "channel", "submitted", "confirmed",
					       "signed", "today", "events", "note", NULL};
	static const char *const ev_keys[] = {"type", "date", "deadline", "days", "approver",
					      "outcome", "note", NULL};
	const char *channel;
	json_t *events;
	size_t i;
	int c;

	memset(h, 0, sizeof *h);
	if (!json_is_object(root))
		return bad(rd, "$", "want an object");
	if (check_keys(rd, root, "$", top_keys))
		return -1;
	if (!json_object_get(root, "received"))
		return bad(rd, "$.received", "missing (the date of receipt, YYYY-MM-DD)");
	if (get_date(rd, root, "received", "$", &h->received) ||
	    get_date(rd, root, "submitted", "$", &h->submitted) ||
	    get_date(rd, root, "confirmed", "$", &h->confirmed) ||
	    get_date(rd, root, "signed", "$", &h->signed_on) ||
	    get_date(rd, root, "today", "$", &h->today) ||
	    get_string(rd, root, "channel", "$", &channel))
		return -1;
	if (!channel)
		return bad(rd, "$.channel", "missing (in_person, post_signed, letter, online, fax, other)");
	c = app_channel_from_name(channel);
	if (c < 0)
		return bad(rd, "$.channel", "unknown channel (want in_person, post_signed, letter, online, fax, other)");
	h->channel = (enum app_channel)c;
	events = json_object_get(root, "events");
	if (events && !json_is_array(events))
		return bad(rd, "$.events", "want an array");
	if (events && json_array_size(events) > DEADLINE_MAX_EVENTS)
		return bad(rd, "$.events", "too many events");
	for (i = 0; events && i < json_array_size(events); i++) {
		json_t *e = json_array_get(events, i), *days;
		struct app_event *ev = &evs[i];
		const char *type;
		char path[64];
		int k;
		snprintf(path, sizeof path, "$.events[%zu]", i);
		if (!json_is_object(e))
			return bad(rd, path, "want an object");
		if (check_keys(rd, e, path, ev_keys) ||
		    get_string(rd, e, "type", path, &type) ||
		    get_date(rd, e, "date", path, &ev->date) ||
		    get_date(rd, e, "deadline", path, &ev->deadline) ||
		    get_string(rd, e, "approver", path, &ev->approver) ||
		    get_string(rd, e, "outcome", path, &ev->outcome))
			return -1;
		if (!type)
			return bad(rd, path, "missing type");
		if (ev->date == DATE_NONE)
			return bad(rd, path, "missing date");
		k = app_event_kind_from_name(type);
		if (k < 0) {
			rd->semantic = 1;
			snprintf(rd->err, sizeof rd->err,
				 "%s.type: 未知的事件类型 '%.60s' / unknown event type '%.60s'", path, type, type);
			return -1;
		}
		ev->kind = (enum app_event_kind)k;
		days = json_object_get(e, "days");
		if (days) {
			if (!json_is_integer(days) || json_integer_value(days) < 0 ||
			    json_integer_value(days) > 1000) {
				char p[80];
				snprintf(p, sizeof p, "%s.days", path);
				return bad(rd, p, "want a whole number of working days");
			}
			ev->days = (int)json_integer_value(days);
		}
	}
	h->events = evs;
	h->nevents = events ? json_array_size(events) : 0;
	return 0;
}

static void write_date(struct jsonw *w, const char *key, gk_date d)
{
	char s[DATE_STR_SIZE];
	jsonw_key(w, key);
	if (d == DATE_NONE)
		jsonw_null(w);
	else
		jsonw_string(w, date_format(d, s));
}

static void write_result(struct buf *out, const struct deadline_result *r,
			 const struct calendar *cal, gk_date today)
{
	struct jsonw w;
	char s[DATE_STR_SIZE];
	size_t i;
	jsonw_init(&w, out, 0);
	jsonw_object_begin(&w);
	write_date(&w, "due", r->due);
	jsonw_key(&w, "state");
	jsonw_string(&w, app_state_name(r->state));
	jsonw_key(&w, "regime");
	jsonw_string(&w, r->regime == REGIME_2019 ? "2019" : "2008");
	write_date(&w, "received", r->received);
	jsonw_key(&w, "outcome");
	jsonw_string(&w, r->outcome);
	write_date(&w, "ended", r->ended);
	jsonw_key(&w, "waiting_for");
	jsonw_string(&w, app_waiting_name(r->waiting));
	write_date(&w, "waiting_until", r->waiting_until);
	jsonw_key(&w, "overdue");
	jsonw_bool(&w, r->overdue);
	jsonw_key(&w, "late_workdays");
	jsonw_int(&w, r->late_workdays);
	if (today != DATE_NONE) {
		write_date(&w, "today", today);
		jsonw_key(&w, "remaining_workdays");
		if (r->remaining_workdays >= 0)
			jsonw_int(&w, r->remaining_workdays);
		else
			jsonw_null(&w);
	}
	jsonw_key(&w, "calendar");
	jsonw_object_begin(&w);
	jsonw_key(&w, "first_year");
	jsonw_int(&w, cal->first_year);
	jsonw_key(&w, "last_year");
	jsonw_int(&w, cal->last_year);
	jsonw_key(&w, "covered");
	jsonw_bool(&w, !r->uncovered);
	jsonw_object_end(&w);
	jsonw_key(&w, "steps");
	jsonw_array_begin(&w);
	for (i = 0; i < r->nsteps; i++) {
		jsonw_object_begin(&w);
		jsonw_key(&w, "date");
		jsonw_string(&w, date_format(r->steps[i].date, s));
		jsonw_key(&w, "kind");
		jsonw_string(&w, r->steps[i].kind);
		jsonw_key(&w, "zh");
		jsonw_string(&w, r->steps[i].zh);
		jsonw_key(&w, "en");
		jsonw_string(&w, r->steps[i].en);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	buf_addc(out, '\n');
}

static void print_error(const char *msg)
{
	struct buf out = BUF_INIT(0);
	struct jsonw w;
	jsonw_init(&w, &out, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "error");
	jsonw_string(&w, msg);
	jsonw_object_end(&w);
	printf("%s\n", buf_str(&out));
	buf_free(&out);
	fprintf(stderr, "gongkai application: %s\n", msg);
}

static int cmd_deadline(int argc, char **argv)
{
	const char *file = NULL, *today_arg = NULL;
	struct buf text = BUF_INIT(0), out = BUF_INIT(0);
	struct reader rd;
	struct app_history h;
	struct app_event *evs = NULL;
	struct deadline_result res;
	struct calendar cal;
	json_t *root = NULL;
	json_error_t jerr;
	const char *db_url = NULL;
	char err[512];
	int i, rc = 2;

	if (cli_take_db_flag(&argc, argv, &db_url)) {
		fprintf(stderr, "gongkai application deadline: --db needs a database URL\n");
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--today") && i + 1 < argc)
			today_arg = argv[++i];
		else if (!strncmp(argv[i], "--today=", 8))
			today_arg = argv[i] + 8;
		else if (argv[i][0] == '-' && argv[i][1] && !file) {
			fprintf(stderr, "gongkai application deadline: unknown option '%s'\n", argv[i]);
			return 2;
		} else if (!file)
			file = argv[i];
		else {
			file = NULL;
			break;
		}
	}
	if (!file) {
		fprintf(stderr, "usage: gongkai application deadline [--today DATE] [--db URL] FILE.json\n");
		return 2;
	}
	memset(&rd, 0, sizeof rd);
	rd.file = file;
	if (file_read(file, HISTORY_MAX_BYTES, &text, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", file, err);
		goto out;
	}
	root = json_loadb(buf_str(&text), text.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		fprintf(stderr, "%s:%d:%d: invalid JSON: %s\n", file, jerr.line, jerr.column, jerr.text);
		goto out;
	}
	evs = xcalloc(DEADLINE_MAX_EVENTS, sizeof *evs);
	if (read_history(&rd, root, &h, evs)) {
		if (rd.semantic) {
			print_error(rd.err);
			rc = 1;
		} else {
			fprintf(stderr, "%s\n", rd.err);
		}
		goto out;
	}
	if (today_arg && date_parse(today_arg, &h.today)) {
		fprintf(stderr, "gongkai application deadline: bad --today '%s' (want YYYY-MM-DD)\n", today_arg);
		goto out;
	}
	if (cli_calendar_load(&cal, db_url, "application deadline"))
		goto out;
	if (deadline_derive(&cal, &h, &res)) {
		print_error(res.error);
		rc = 1;
	} else {
		write_result(&out, &res, &cal, h.today);
		fputs(buf_str(&out), stdout);
		if (res.uncovered)
			fprintf(stderr, "warning: some dates lie outside the working-day calendar (%d-%d); "
				"only weekends were treated as days off / 部分日期超出日历覆盖年份\n",
				cal.first_year, cal.last_year);
		rc = 0;
	}
	deadline_result_free(&res);
	calendar_free(&cal);
out:
	json_decref(root);
	free(evs);
	buf_free(&text);
	buf_free(&out);
	return rc;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: gongkai application COMMAND\n"
		"  deadline [--today DATE] [--db URL] FILE.json\n"
		"        derive the statutory reply deadline of an application's event\n"
		"        history (calendar: the database's, else the installed/built-in)\n");
}

int cmd_application(int argc, char **argv)
{
	if (argc < 1) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[0], "deadline"))
		return cmd_deadline(argc, argv);
	fprintf(stderr, "gongkai application: unknown command '%s'\n", argv[0]);
	usage(stderr);
	return 2;
}
