/* proactive_report.h - the catalog's part of the annual report's 表二
 * (主动公开政府信息情况).
 *
 * 2021 format, rows 规章 (rules) and 行政规范性文件 (normative_docs):
 *   本年制发 issued    public items of the genre published in the year;
 *   本年废止 repealed  items of the genre whose validity became 已废止
 *                      (invalid_on) in the year;
 *   现行有效 in_force  published by 31 December and not repealed by then
 *                      (已修改 documents stay in force in amended form).
 * 2019 format, rows 规章 and 规范性文件:
 *   本年新制作 created      成文日期 (else 形成/发布日期) in the year;
 *   本年新公开 published    published in the year;
 *   对外公开总数量 total_public  published by 31 December.
 * The other rows of 表二 (行政许可, 行政处罚, 行政强制, 行政事业性收费,
 * 2019: 其他对外管理服务事项, 政府集中采购) stay hand-entered figures
 * (report_figures). Counts cover the agency itself, not its subtree (each
 * agency reports its own documents). */
#ifndef GK_PROACTIVE_REPORT_H
#define GK_PROACTIVE_REPORT_H

#include <stdint.h>
#include "report/model.h"
#include "service/service.h"
#include "store/applications.h"

struct db;

/* Append the catalog-derived cells of 表二 for the spec's format ("2021"
 * or "2019"; other formats: nothing) as figure rows with keys
 * "proactive.ROW.COL" and integer values; a caller merging them with the
 * hand-entered figures lets these win. 0 or -1 with err. */
int proactive_report_figures(struct db *db, int64_t agency_id, int year,
			     const struct report_spec *spec, struct figure_rows *out,
			     struct svc_error *err);

/* Set the catalog-derived cells of 表二 in r (built for r->spec). 0 or -1. */
int proactive_report_fill(struct db *db, int64_t agency_id, int year, struct report *r,
			  struct svc_error *err);

#endif
