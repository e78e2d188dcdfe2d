/* service.c - shared service helpers. */
#include "service/service.h"
#include "base/str.h"
#include "store/db.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int svc_fail(struct svc_error *err, enum svc_code code, const char *field,
	     const char *fmt, ...)
{
	va_list ap;
	if (!err)
		return -1;
	err->code = code;
	str_copy(err->field, field ? field : "", sizeof err->field);
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return -1;
}

int svc_db_fail(struct svc_error *err, struct db *db)
{
	switch (db_errclass(db)) {
	case DB_ERR_CONFLICT:
		return svc_fail(err, SVC_CONFLICT, NULL,
				"数据已被他人修改或与现有记录冲突，请刷新后重试 / conflict: %s",
				db_errmsg(db));
	case DB_ERR_UNAVAILABLE:
		return svc_fail(err, SVC_UNAVAILABLE, NULL,
				"数据库暂时不可用，请稍后重试 / database unavailable");
	default:
		fprintf(stderr, "gongkai: database error: %s\n", db_errmsg(db));
		return svc_fail(err, SVC_INTERNAL, NULL, "内部错误 / internal error");
	}
}
