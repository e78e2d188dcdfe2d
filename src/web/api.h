/* api.h - what every JSON API handler shares: strict request bodies,
 * service errors as HTTP errors, ids from the path and the query.
 *
 * A body is accepted only as a JSON object whose members are all declared
 * with their types (the Kore idea: undeclared input never reaches a
 * handler); anything else is a 400 naming the JSON path. */
#ifndef GK_API_H
#define GK_API_H

#include <jansson.h>
#include <stdint.h>
#include "service/service.h"
#include "web/http.h"

enum api_type { API_STRING, API_INT, API_BOOL, API_OBJECT, API_ARRAY };

/* One declared body member; arrays of these end with {NULL}. */
struct api_field {
	const char *name;
	enum api_type type;
	int required;
};

/* Parse the request body as a JSON object with only the declared members,
 * each of its type (null allowed for optional ones) and every required one
 * present. Returns the object (caller json_decref) or NULL after writing
 * a 400 (or 413) response. */
json_t *api_body(struct http_request *req, struct http_response *res,
		 const struct api_field *fields);
/* A service error as {"error": {code, message, field}} with its status
 * (503 also gets Retry-After). */
void api_svc_error(struct http_response *res, const struct svc_error *err);
/* The same with a more specific error code (e.g. a workflow refusal such
 * as "own_draft"); NULL means the code of err->code. */
void api_svc_error_code(struct http_response *res, const struct svc_error *err,
			const char *code);
/* api_svc_error with "line": N when line > 0 (a rejected uploaded file). */
void api_svc_error_line(struct http_response *res, const struct svc_error *err, int line);
/* String member or NULL (absent, null or not a string). */
const char *api_str(json_t *o, const char *key);
/* Integer member or 0. */
int64_t api_int(json_t *o, const char *key);
/* Path parameter / query argument as a positive id, or 0. */
int64_t api_param_id(struct http_request *req, const char *name);
int64_t api_query_id(struct http_request *req, const char *name);
/* 0 if the worker has a database connection, else writes 503 and -1. */
int api_need_db(struct http_request *req, struct http_response *res);

#endif
