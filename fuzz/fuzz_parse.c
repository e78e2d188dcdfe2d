/* fuzz_parse.c - libFuzzer target: arbitrary bytes through decoding,
 * parsing, checking, JSON output and every renderer.
 *
 * Build and run:  make fuzz && build/fuzz/fuzz_parse -max_total_time=600 fuzz/corpus */
#include "base/buf.h"
#include "base/jsonw.h"
#include "report/check.h"
#include "report/decode.h"
#include "report/json.h"
#include "report/parse.h"
#include "report/render.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = BUF_INIT(0), out = BUF_INIT(0);
	struct finding_list findings = {0};
	struct jsonw w;
	struct report *r;
	char err[256];
	int to;

	/* Skip the subprocess path (PDF): it is not what we fuzz here. */
	if (size >= 5 && data[0] == '%' && data[1] == 'P' && data[2] == 'D' && data[3] == 'F')
		return 0;
	if (report_decode((const char *)data, size, &text, NULL, err, sizeof err) == 0) {
		r = report_parse(spec_builtin(), buf_str(&text), text.len, "fuzz");
		report_check(r, &findings);
		jsonw_init(&w, &out, 0);
		report_to_json(r, &w);
		for (to = RENDER_HTML; to <= RENDER_TEXT_RUN; to++) {
			buf_reset(&out);
			report_render(r, (enum render_to)to, &out);
		}
		finding_list_free(&findings);
		report_free(r);
	}
	buf_free(&text);
	buf_free(&out);
	return 0;
}
