/* test_secret.c - key file handling, sealing identity numbers, masking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/secret.h"
#include "t.h"

static char dir[64];

static void test_keys_and_sealing(void)
{
	char path[128], other[128], err[256];
	struct secret_key k1, k1b, k2;
	struct buf sealed = BUF_INIT(0), sealed2 = BUF_INIT(0), plain = BUF_INIT(0);
	const char *id = "110105199001011234";
	struct stat sb;
	snprintf(path, sizeof path, "%s/gongkai.key", dir);
	snprintf(other, sizeof other, "%s/other.key", dir);
	T_EQ_INT(secret_key_load(path, 0, &k1, err, sizeof err), -1, "missing key without create refused");
	T_EQ_INT(secret_key_load(path, 1, &k1, err, sizeof err), 0, "key created (%s)", err);
	T_OK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600 && sb.st_size == 32,
	     "key file is 32 bytes, mode 0600 (%o)", (unsigned)(sb.st_mode & 0777));
	T_EQ_INT(secret_key_load(path, 1, &k1b, err, sizeof err), 0, "existing key loaded");
	T_OK(memcmp(k1.k, k1b.k, sizeof k1.k) == 0, "same key read back");
	T_EQ_INT(secret_key_load(other, 1, &k2, err, sizeof err), 0, "second key");
	T_OK(memcmp(k1.k, k2.k, sizeof k1.k) != 0, "keys are random");

	T_EQ_INT(secret_encrypt(&k1, id, strlen(id), &sealed), 0, "encrypt");
	T_EQ_INT(sealed.len, strlen(id) + SECRET_OVERHEAD, "sealed = nonce + MAC + text");
	T_OK(memmem(sealed.data, sealed.len, "19900101", 8) == NULL, "no plaintext in the sealed value");
	T_EQ_INT(secret_encrypt(&k1, id, strlen(id), &sealed2), 0, "encrypt again");
	T_OK(sealed.len == sealed2.len && memcmp(sealed.data, sealed2.data, sealed.len) != 0,
	     "fresh nonce: same text seals differently");
	T_EQ_INT(secret_decrypt(&k1, sealed.data, sealed.len, &plain), 0, "decrypt");
	T_EQ_STR(buf_str(&plain), id, "round trip");
	buf_reset(&plain);
	T_EQ_INT(secret_decrypt(&k2, sealed.data, sealed.len, &plain), -1, "wrong key fails");
	T_EQ_INT(plain.len, 0, "nothing written on failure");
	sealed.data[sealed.len - 1] ^= 1;
	T_EQ_INT(secret_decrypt(&k1, sealed.data, sealed.len, &plain), -1, "altered value fails");
	T_EQ_INT(secret_decrypt(&k1, sealed.data, 39, &plain), -1, "short value fails");
	T_EQ_INT(secret_decrypt(&k1, sealed.data, 0, &plain), -1, "empty value fails");
	buf_reset(&sealed);
	T_EQ_INT(secret_encrypt(&k1, "", 0, &sealed), 0, "empty plaintext seals");
	T_EQ_INT(secret_decrypt(&k1, sealed.data, sealed.len, &plain), 0, "and opens");
	T_EQ_INT(plain.len, 0, "to empty");
	{
		static char big[SECRET_MAX_PLAIN + 1];
		T_EQ_INT(secret_encrypt(&k1, big, sizeof big, &sealed), -1, "oversized plaintext refused");
	}
	buf_free(&sealed);
	buf_free(&sealed2);
	buf_free(&plain);
	secret_key_wipe(&k1);
	T_OK(k1.k[0] == 0 && k1.k[31] == 0, "wipe zeroes the key");
}

static void test_bad_key_files(void)
{
	char path[128], link[160], err[256];
	struct secret_key k;
	FILE *f;
	snprintf(path, sizeof path, "%s/gongkai.key", dir);
	T_OK(chmod(path, 0640) == 0, "make the key group-readable");
	T_EQ_INT(secret_key_load(path, 1, &k, err, sizeof err), -1, "group-readable key refused");
	T_OK(strstr(err, "chmod 600") != NULL, "message says what to do: %s", err);
	T_OK(chmod(path, 0604) == 0, "make the key world-readable");
	T_EQ_INT(secret_key_load(path, 1, &k, err, sizeof err), -1, "world-readable key refused");
	chmod(path, 0600);
	snprintf(path, sizeof path, "%s/short.key", dir);
	f = fopen(path, "w");
	fputs("too short", f);
	fclose(f);
	chmod(path, 0600);
	T_EQ_INT(secret_key_load(path, 1, &k, err, sizeof err), -1, "wrong-size key refused: %s", err);
	snprintf(link, sizeof link, "%s/link.key", dir);
	snprintf(path, sizeof path, "%s/gongkai.key", dir);
	T_OK(symlink(path, link) == 0, "symlink to the key");
	T_EQ_INT(secret_key_load(link, 1, &k, err, sizeof err), -1, "symlinked key refused: %s", err);
	T_EQ_INT(secret_key_load(dir, 1, &k, err, sizeof err), -1, "a directory is refused");
}

static void test_mask(void)
{
	char out[64], tiny[8];
	T_EQ_STR(secret_mask_id("110105199001011234", out, sizeof out), "110105********1234",
		 "18-digit identity number");
	T_EQ_STR(secret_mask_id("11010519900101123X", out, sizeof out), "110105********123X",
		 "check digit X kept");
	T_EQ_STR(secret_mask_id("110105900101123", out, sizeof out), "110105*****1123",
		 "15-digit identity number");
	T_EQ_STR(secret_mask_id("E1234567890", out, sizeof out), "E12345*7890", "11 characters");
	T_EQ_STR(secret_mask_id("E12345678", out, sizeof out), "*********", "short: fully masked");
	T_EQ_STR(secret_mask_id("1234", out, sizeof out), "****", "very short");
	T_EQ_STR(secret_mask_id("", out, sizeof out), "", "empty");
	T_EQ_STR(secret_mask_id(NULL, out, sizeof out), "", "NULL");
	T_EQ_STR(secret_mask_id("港澳居民来往内地通行证H12345678", out, sizeof out),
		 "港澳居民来往**********5678", "UTF-8 counted as characters");
	T_EQ_STR(secret_mask_id("110105199001011234", tiny, sizeof tiny), "110105*",
		 "truncated to the buffer");
	T_EQ_STR(secret_mask_id("\xe6\xb8", out, sizeof out), "**", "broken UTF-8 masked byte by byte");
}

int main(void)
{
	char cmd[128];
	snprintf(dir, sizeof dir, "/tmp/gk-test-secret-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	T_EQ_INT(secret_init(), 0, "sodium initialises");
	T_EQ_INT(secret_init(), 0, "and again");
	test_keys_and_sealing();
	test_bad_key_files();
	test_mask();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return T_DONE();
}
