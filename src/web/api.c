/* api.c - shared helpers of the JSON API handlers. */
#include "web/api.h"
#include "base/str.h"

#include <stdio.h>
#include <string.h>

static const char *svc_code_name(int c)
{
	switch (c) {
	case 413: return "too_large";
	case SVC_INVALID: return "invalid";
	case SVC_UNAUTHENTICATED: return "unauthenticated";
	case SVC_FORBIDDEN: return "forbidden";
	case SVC_NOT_FOUND: return "not_found";
	case SVC_CONFLICT: return "conflict";
	case SVC_RATE_LIMITED: return "rate_limited";
	case SVC_UNAVAILABLE: return "unavailable";
	default: return "internal";
	}
}

void api_svc_error(struct http_response *res, const struct svc_error *err)
{
	api_svc_error_code(res, err, NULL);
}

static void svc_error_out(struct http_response *res, const struct svc_error *err,
			  const char *code, int line)
{
	char path[80] = "";
	int status = err->code ? (int)err->code : 500;
	if (err->field[0])
		snprintf(path, sizeof path, "$.%s", err->field);
	http_json_error_line(res, status, code ? code : svc_code_name(err->code), err->message,
			     path, line);
	if (err->code == SVC_UNAVAILABLE)
		http_set_header(res, "Retry-After", "5");
}

void api_svc_error_code(struct http_response *res, const struct svc_error *err,
			const char *code)
{
	svc_error_out(res, err, code, 0);
}

void api_svc_error_line(struct http_response *res, const struct svc_error *err, int line)
{
	svc_error_out(res, err, NULL, line);
}

static int type_ok(enum api_type t, json_t *v)
{
	switch (t) {
	case API_STRING: return json_is_string(v);
	case API_INT: return json_is_integer(v);
	case API_BOOL: return json_is_boolean(v);
	case API_OBJECT: return json_is_object(v);
	case API_ARRAY: return json_is_array(v);
	}
	return 0;
}

static const char *type_name(enum api_type t, int zh)
{
	static const char *en[] = {"string", "integer", "boolean", "object", "array"};
	static const char *cn[] = {"字符串", "整数", "布尔值", "对象", "数组"};
	return zh ? cn[t] : en[t];
}

json_t *api_body(struct http_request *req, struct http_response *res,
		 const struct api_field *fields)
{
	json_error_t jerr;
	json_t *root, *val;
	const char *key;
	char path[96], msg[300];
	size_t i;

	if (req->body_too_large) {
		http_json_error_at(res, 413, "too_large", "请求体过大 / body too large", "$");
		return NULL;
	}
	root = json_loadb(req->body.data ? req->body.data : "", req->body.len,
			  JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		snprintf(msg, sizeof msg, "JSON 格式错误 / malformed JSON: %.200s (line %d)",
			 jerr.text, jerr.line);
		http_json_error_at(res, 400, "invalid_json", msg, "$");
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		http_json_error_at(res, 400, "invalid_json",
				   "请求体须为 JSON 对象 / body must be a JSON object", "$");
		return NULL;
	}
	json_object_foreach(root, key, val) {
		const struct api_field *f = NULL;
		for (i = 0; fields[i].name && !f; i++)
			if (!strcmp(fields[i].name, key))
				f = &fields[i];
		snprintf(path, sizeof path, "$.%.80s", key);
		if (!f) {
			json_decref(root);
			http_json_error_at(res, 400, "unknown_field", "未知字段 / unknown field", path);
			return NULL;
		}
		if (!type_ok(f->type, val) && !(json_is_null(val) && !f->required)) {
			snprintf(msg, sizeof msg, "字段类型错误，应为%s / wrong type, expected %s",
				 type_name(f->type, 1), type_name(f->type, 0));
			json_decref(root);
			http_json_error_at(res, 400, "wrong_type", msg, path);
			return NULL;
		}
	}
	for (i = 0; fields[i].name; i++)
		if (fields[i].required && !json_object_get(root, fields[i].name)) {
			snprintf(path, sizeof path, "$.%s", fields[i].name);
			json_decref(root);
			http_json_error_at(res, 400, "missing_field",
					   "缺少必填字段 / required field missing", path);
			return NULL;
		}
	return root;
}

const char *api_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

int64_t api_int(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

static int64_t positive_id(const char *s)
{
	int64_t v;
	return s && !str_to_int64(s, &v) && v > 0 ? v : 0;
}

int64_t api_param_id(struct http_request *req, const char *name)
{
	return positive_id(http_param(req, name));
}

int64_t api_query_id(struct http_request *req, const char *name)
{
	return positive_id(http_query(req, name));
}

int api_need_db(struct http_request *req, struct http_response *res)
{
	if (req->db)
		return 0;
	http_json_error_at(res, 503, "unavailable", "数据库暂时不可用 / database unavailable", NULL);
	http_set_header(res, "Retry-After", "5");
	return -1;
}
