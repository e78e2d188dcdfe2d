/* view.h - turning service results into template values, shared by the
 * portal and the back office: Chinese dates, event and state wording,
 * an application with its history; the portal's agency and published
 * report lookups (pages_portal.c, pages_report_files.c). */
#ifndef GK_WEB_VIEW_H
#define GK_WEB_VIEW_H

#include <stddef.h>

struct tpl_ctx;
struct app_view;
struct app_record;

/* "2026-11-22" -> "2026年11月22日" into out; other text is copied. */
const char *view_date_cn(const char *iso, char *out, size_t size);
/* Chinese label of an event type name ("clarification_requested" -> "告知补正"). */
const char *view_event_label(const char *type);
/* Chinese label of a channel / applicant kind / outcome key. */
const char *view_channel_label(const char *channel);
const char *view_kind_label(const char *kind);
const char *view_outcome_label(const char *key);
/* Put an application into ctx: code, agency_id, applicant, description,
 * received, due, state sentence (status_text), status class, events list
 * {date, label, note}. staff adds the contact details and derivation steps. */
void view_app_to_ctx(const struct app_view *v, struct tpl_ctx *c, int staff);
/* One listing row (code, applicant, summary, due_on, bucket, bucket_label). */
void view_app_row(const struct app_record *r, const char *today, const char *soon_until,
		  struct tpl_ctx *row);

/* The <article class="report"> part of the renderer's print-ready HTML
 * page for r (escaped by the renderer), appended to out. 0 or -1. */
struct report;
struct buf;
int view_report_article(const struct report *r, struct buf *out);

/* The portal's lookups by route parameter, shared by the pages and the
 * downloads. On failure each has already sent the portal error page. */
struct http_request;
struct http_response;
struct agency;
/* The enabled agency named by :code into *a: 0, or -1 after a 503 page
 * (database unavailable) or a 404 page (no such agency, or disabled). */
int view_portal_agency(struct http_request *req, struct http_response *res, struct agency *a);
/* The PUBLISHED annual report of /agency/:code/report/:year: the agency
 * into *a, the year into *year, and the report read back from its stored
 * JSON, which the caller frees with report_free(). NULL after an error
 * page: 503 database unavailable, 404 no agency / bad year / nothing
 * published, 500 stored report unreadable. */
struct report *view_published_report(struct http_request *req, struct http_response *res,
				     struct agency *a, int *year);

#endif
