/* decode.c - PLACEHOLDER until input decoding lands (owner: decode). */
#include "report/decode.h"
#include "base/file.h"
#include <stdio.h>

int report_decode(const char *data, size_t len, struct buf *out,
		  enum decode_kind *kind_out, char *err, size_t errsize)
{
	(void)err; (void)errsize;
	if (kind_out)
		*kind_out = DECODE_TEXT;
	buf_reset(out);
	return buf_add(out, data, len);
}

int report_decode_file(const char *path, struct buf *out,
		       enum decode_kind *kind_out, char *err, size_t errsize)
{
	struct buf raw = BUF_INIT(0);
	int rc = file_read(path, DECODE_MAX_INPUT, &raw, err, errsize);
	if (rc == 0)
		rc = report_decode(raw.data ? raw.data : "", raw.len, out, kind_out, err, errsize);
	buf_free(&raw);
	return rc;
}

const char *decode_kind_name(enum decode_kind k)
{
	static const char *names[] = {"text", "html", "docx", "pdf"};
	return names[k];
}
