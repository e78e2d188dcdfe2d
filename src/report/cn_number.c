/* cn_number.c - Chinese numerals and dates (see cn_number.h). */
#include "report/cn_number.h"
#include "base/utf8.h"

#define MAX_NUMERAL_CPS 18

enum { K_NONE, K_ARABIC, K_CN_DIGIT, K_UNIT, K_BIG_UNIT };

/* Classify one code point; *v receives the digit or unit value. */
static int classify(uint32_t cp, int allow_letter_o, int in_cn, int64_t *v)
{
	if (cp >= '0' && cp <= '9') {
		*v = cp - '0';
		return K_ARABIC;
	}
	if (cp >= 0xFF10 && cp <= 0xFF19) {
		*v = cp - 0xFF10;
		return K_ARABIC;
	}
	switch (cp) {
	case 0x96F6: case 0x3007: case 0x25CB: case 0x25EF: /* 零 〇 ○ ◯ */
		*v = 0; return K_CN_DIGIT;
	case 'O': case 'o': case 0xFF2F: case 0xFF4F: /* O o Ｏ ｏ */
		if (allow_letter_o && in_cn) {
			*v = 0;
			return K_CN_DIGIT;
		}
		return K_NONE;
	case 0x4E00: case 0x58F9: *v = 1; return K_CN_DIGIT; /* 一 壹 */
	case 0x4E8C: case 0x4E24: case 0x8D30: *v = 2; return K_CN_DIGIT; /* 二 两 贰 */
	case 0x4E09: case 0x53C1: *v = 3; return K_CN_DIGIT; /* 三 叁 */
	case 0x56DB: case 0x8086: *v = 4; return K_CN_DIGIT; /* 四 肆 */
	case 0x4E94: case 0x4F0D: *v = 5; return K_CN_DIGIT; /* 五 伍 */
	case 0x516D: case 0x9646: *v = 6; return K_CN_DIGIT; /* 六 陆 */
	case 0x4E03: case 0x67D2: *v = 7; return K_CN_DIGIT; /* 七 柒 */
	case 0x516B: case 0x634C: *v = 8; return K_CN_DIGIT; /* 八 捌 */
	case 0x4E5D: case 0x7396: *v = 9; return K_CN_DIGIT; /* 九 玖 */
	case 0x5341: case 0x62FE: *v = 10; return K_UNIT;   /* 十 拾 */
	case 0x767E: case 0x4F70: *v = 100; return K_UNIT;  /* 百 佰 */
	case 0x5343: case 0x4EDF: *v = 1000; return K_UNIT; /* 千 仟 */
	case 0x4E07: *v = 10000; return K_BIG_UNIT;         /* 万 */
	case 0x4EBF: *v = 100000000; return K_BIG_UNIT;     /* 亿 */
	}
	return K_NONE;
}

static size_t scan_arabic(const char *s, size_t n, int64_t *value)
{
	size_t i = 0;
	int count = 0;
	int64_t v = 0, d;
	uint32_t cp;
	while (i < n) {
		int k = utf8_decode(s + i, n - i, &cp);
		if (k < 0 || classify(cp, 0, 0, &d) != K_ARABIC)
			break;
		if (++count > MAX_NUMERAL_CPS)
			return 0;
		v = v * 10 + d;
		i += (size_t)k;
	}
	*value = v;
	return i;
}

size_t cn_number_scan(const char *s, size_t n, int allow_letter_o,
		      int64_t *value)
{
	size_t i = 0, end = 0;
	int count = 0, units = 0, ndigits = 0;
	int64_t positional = 0, total = 0, section = 0, num = 0, v;
	int have_num = 0;
	uint32_t cp;
	int k = n ? utf8_decode(s, n, &cp) : -1;

	if (k < 0)
		return 0;
	{
		int kind = classify(cp, 0, 0, &v);
		if (kind == K_ARABIC)
			return scan_arabic(s, n, value);
		if (kind != K_CN_DIGIT && kind != K_UNIT)
			return 0;
	}
	while (i < n) {
		int kind;
		k = utf8_decode(s + i, n - i, &cp);
		if (k < 0)
			break;
		kind = classify(cp, allow_letter_o, 1, &v);
		if (kind != K_CN_DIGIT && kind != K_UNIT && kind != K_BIG_UNIT)
			break;
		if (kind == K_BIG_UNIT && count == 0)
			break;
		if (++count > MAX_NUMERAL_CPS)
			return 0;
		if (kind == K_CN_DIGIT) {
			positional = positional * 10 + v;
			ndigits++;
			num = v;
			have_num = 1;
		} else if (kind == K_UNIT) {
			units = 1;
			section += (have_num ? num : 1) * v;
			num = 0;
			have_num = 0;
		} else {
			units = 1;
			if (total + section + num > INT64_MAX / v)
				return 0;
			total = (total + section + num) * v;
			section = 0;
			num = 0;
			have_num = 0;
		}
		i += (size_t)k;
		end = i;
	}
	if (!end)
		return 0;
	*value = units ? total + section + num : positional;
	(void)ndigits;
	return end;
}

int cn_number_parse(const char *s, size_t n, int64_t *value)
{
	int64_t v;
	size_t k = cn_number_scan(s, n, 0, &v);
	if (!n || k != n)
		return 0;
	*value = v;
	return 1;
}

/* Skip ASCII spaces and ideographic spaces. */
static size_t skip_spaces(const char *s, size_t n, size_t i)
{
	while (i < n) {
		if (s[i] == ' ')
			i++;
		else if (n - i >= 3 && (unsigned char)s[i] == 0xE3 &&
			 (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x80)
			i += 3;
		else
			break;
	}
	return i;
}

/* If s+i starts with the UTF-8 string lit, return its length, else 0. */
static size_t lit(const char *s, size_t n, size_t i, const char *l)
{
	size_t j = 0;
	while (l[j]) {
		if (i + j >= n || s[i + j] != l[j])
			return 0;
		j++;
	}
	return j;
}

/* A date separator other than 年: - . / and their full-width forms. */
static size_t date_sep(const char *s, size_t n, size_t i, char *which)
{
	static const char *seps[] = { "-", ".", "/", "\xEF\xBC\x8D", "\xEF\xBC\x8E", "\xEF\xBC\x8F" };
	size_t j, k;
	for (j = 0; j < sizeof seps / sizeof seps[0]; j++)
		if ((k = lit(s, n, i, seps[j])) != 0) {
			*which = (char)('a' + j % 3);
			return k;
		}
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

size_t cn_date_scan(const char *s, size_t n, int *y, int *m, int *d)
{
	int64_t yy, mm, dd;
	size_t i, k;
	char sep1 = 0, sep2 = 0;

	k = cn_number_scan(s, n, 1, &yy);
	if (!k || yy < 1900 || yy > 2199)
		return 0;
	i = skip_spaces(s, n, k);
	if ((k = lit(s, n, i, "年")) != 0) {
		i = skip_spaces(s, n, i + k);
		k = cn_number_scan(s + i, n - i, 0, &mm);
		if (!k)
			return 0;
		i = skip_spaces(s, n, i + k);
		if (!(k = lit(s, n, i, "月")))
			return 0;
		i = skip_spaces(s, n, i + k);
		k = cn_number_scan(s + i, n - i, 0, &dd);
		if (!k)
			return 0;
		i += k;
		{
			size_t j = skip_spaces(s, n, i);
			if ((k = lit(s, n, j, "日")) != 0 || (k = lit(s, n, j, "号")) != 0)
				i = j + k;
		}
	} else if ((k = date_sep(s, n, i, &sep1)) != 0) {
		i += k;
		k = cn_number_scan(s + i, n - i, 0, &mm);
		if (!k || k > 6)
			return 0;
		i += k;
		if (!(k = date_sep(s, n, i, &sep2)) || sep1 != sep2)
			return 0;
		i += k;
		k = cn_number_scan(s + i, n - i, 0, &dd);
		if (!k || k > 6)
			return 0;
		i += k;
	} else {
		return 0;
	}
	if (mm < 1 || mm > 12 || dd < 1 || dd > days_in_month((int)yy, (int)mm))
		return 0;
	*y = (int)yy;
	*m = (int)mm;
	*d = (int)dd;
	return i;
}
