/* view.h - turning service results into template values, shared by the
 * portal and the back office: Chinese dates, event and state wording,
 * an application with its history. */
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

#endif
