/* cn_number.h - Chinese numerals and dates as published reports write them.
 *
 * Reports mix Arabic digits (ASCII or full-width) with Chinese numerals:
 * "三件", "十二", "一百零五", years written digit by digit ("二〇一一",
 * also with the letter O or ○ for zero: "二O一一"), and dates such as
 * "2022年12月30日", "二〇一二年二月十五日", "2011-01-14", "2011.1.14". */
#ifndef GK_CN_NUMBER_H
#define GK_CN_NUMBER_H

#include <stddef.h>
#include <stdint.h>

/* Read a numeral at the start of s (n bytes): Arabic digits (ASCII or
 * full-width) or Chinese numerals (一二三…, 两, 十百千万, 零/〇/○; and the
 * financial forms 壹贰叁…拾佰仟). A run of Chinese digits without units
 * ("二〇一一") reads positionally. With allow_letter_o, the Latin letters
 * O/o also mean zero inside a Chinese digit run (as in "二O一一").
 * Returns the bytes consumed (0 if s does not start with a numeral) and
 * stores the value; runs longer than 18 digits are refused (0). */
size_t cn_number_scan(const char *s, size_t n, int allow_letter_o,
		      int64_t *value);
/* True if all n bytes of s are one numeral (see cn_number_scan); stores it. */
int cn_number_parse(const char *s, size_t n, int64_t *value);
/* Read a date at the start of s: "2022年12月30日", "二〇一二年二月十五日",
 * "2022-12-30", "2022.12.30", "2022/12/30" (spaces allowed around the
 * parts; the 日 may be missing). Checks 1900<=y<=2199, month 1-12 and the
 * day against the month. Returns bytes consumed or 0. */
size_t cn_date_scan(const char *s, size_t n, int *y, int *m, int *d);

#endif
