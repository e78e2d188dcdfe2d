/* fees.h - 信息处理费 (国办函〔2020〕109号, regulation.md §2). Pure.
 *
 * Two methods, one per application, both 超额累进 (each tier's rate applies
 * only to the part inside that tier):
 *  - per item (按件, Art. 4): per applicant per calendar month, the 1st-10th
 *    application is free, the 11th-30th cost 100 元 each, and every further
 *    block of 10 raises the rate by 100 元 (31st-40th 200, 41st-50th 300 ...);
 *  - per volume (按量, Art. 5): per application, pages 1-30 free, 31-100
 *    10 元/页, 101-200 20 元/页, 201 and above 40 元/页.
 * Amounts are whole yuan (int64). */
#ifndef GK_FEES_H
#define GK_FEES_H

#include <stdint.h>

#define FEE_MAX_COUNT 100000   /* applications per month accepted by fee_per_item_* */
#define FEE_MAX_PAGES 10000000 /* pages accepted by fee_per_volume */

enum fee_method { FEE_PER_ITEM = 0, FEE_PER_VOLUME = 1 };

/* The fee for the n-th (1-based) application of one applicant in one
 * calendar month, per item. -1 if n is out of 1..FEE_MAX_COUNT. */
int64_t fee_per_item_nth(int n);
/* Total per-item fee for n applications in one month (0 for n = 0);
 * e.g. 35 -> 3000. -1 if n is out of range. */
int64_t fee_per_item_total(int n);
/* Per-volume fee for one application of `pages` pages; e.g. 150 -> 1700.
 * -1 if pages is negative or above FEE_MAX_PAGES. */
int64_t fee_per_volume(int64_t pages);
/* "per_item" / "per_volume" -> method, -1 if unknown. */
int fee_method_from_name(const char *name);
const char *fee_method_name(enum fee_method m);

#endif
