/* fees.c - 信息处理费 tiers (domain/fees.h). */
#include "domain/fees.h"

#include <string.h>

int64_t fee_per_item_nth(int n)
{
	if (n < 1 || n > FEE_MAX_COUNT)
		return -1;
	if (n <= 10)
		return 0;
	if (n <= 30)
		return 100;
	/* 31-40: 200, 41-50: 300, ... */
	return 100 * (2 + (int64_t)(n - 31) / 10);
}

int64_t fee_per_item_total(int n)
{
	int64_t sum = 0;
	int i;
	if (n < 0 || n > FEE_MAX_COUNT)
		return -1;
	for (i = 1; i <= n; i++)
		sum += fee_per_item_nth(i);
	return sum;
}

int64_t fee_per_volume(int64_t pages)
{
	int64_t fee = 0;
	if (pages < 0 || pages > FEE_MAX_PAGES)
		return -1;
	if (pages > 30)
		fee += 10 * ((pages < 100 ? pages : 100) - 30);
	if (pages > 100)
		fee += 20 * ((pages < 200 ? pages : 200) - 100);
	if (pages > 200)
		fee += 40 * (pages - 200);
	return fee;
}

int fee_method_from_name(const char *name)
{
	if (name && !strcmp(name, "per_item"))
		return FEE_PER_ITEM;
	if (name && !strcmp(name, "per_volume"))
		return FEE_PER_VOLUME;
	return -1;
}

const char *fee_method_name(enum fee_method m)
{
	return m == FEE_PER_VOLUME ? "per_volume" : "per_item";
}
