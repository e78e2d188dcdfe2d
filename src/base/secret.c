/* secret.c - key file, secretbox encryption and masking (see secret.h). */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/secret.h"

int secret_init(void)
{
	/* sodium_init is thread-safe and idempotent: 0 first time, 1 after */
	return sodium_init() < 0 ? -1 : 0;
}

static int read_exact(int fd, unsigned char *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

static int create_key(const char *path, struct secret_key *key, char *err, size_t errsize)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	size_t done = 0;
	if (fd < 0) {
		snprintf(err, errsize, "cannot create key file %s: %s", path, strerror(errno));
		return -1;
	}
	randombytes_buf(key->k, sizeof key->k);
	while (done < sizeof key->k) {
		ssize_t w = write(fd, key->k + done, sizeof key->k - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(err, errsize, "cannot write key file %s: %s", path, strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		done += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		snprintf(err, errsize, "cannot write key file %s: %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

int secret_key_load(const char *path, int create, struct secret_key *key,
		    char *err, size_t errsize)
{
	struct stat sb;
	int fd;
	if (secret_init() != 0) {
		snprintf(err, errsize, "libsodium cannot be initialised");
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT && create)
		return create_key(path, key, err, errsize);
	if (fd < 0) {
		snprintf(err, errsize, "cannot open key file %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errsize, "key file %s is not a regular file", path);
		close(fd);
		return -1;
	}
	if (sb.st_mode & 077) {
		snprintf(err, errsize,
			 "key file %s is accessible to group or others (mode %03o); "
			 "run chmod 600 on it", path, (unsigned)(sb.st_mode & 0777));
		close(fd);
		return -1;
	}
	if (sb.st_size != SECRET_KEY_BYTES || read_exact(fd, key->k, sizeof key->k) != 0) {
		snprintf(err, errsize, "key file %s must hold exactly %d bytes", path,
			 SECRET_KEY_BYTES);
		close(fd);
		sodium_memzero(key->k, sizeof key->k);
		return -1;
	}
	close(fd);
	return 0;
}

void secret_key_wipe(struct secret_key *key)
{
	sodium_memzero(key->k, sizeof key->k);
}

int secret_encrypt(const struct secret_key *key, const void *plain, size_t n,
		   struct buf *out)
{
	unsigned char sealed[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
			     SECRET_MAX_PLAIN];
	int rc;
	if (n > SECRET_MAX_PLAIN || secret_init() != 0)
		return -1;
	randombytes_buf(sealed, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(sealed + crypto_secretbox_NONCEBYTES, plain, n, sealed, key->k);
	rc = buf_add(out, sealed, crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n);
	sodium_memzero(sealed, sizeof sealed);
	return rc;
}

int secret_decrypt(const struct secret_key *key, const void *sealed, size_t n,
		   struct buf *out)
{
	unsigned char plain[SECRET_MAX_PLAIN];
	const unsigned char *s = sealed;
	size_t plen;
	int rc;
	if (secret_init() != 0 || n < SECRET_OVERHEAD || n - SECRET_OVERHEAD > SECRET_MAX_PLAIN)
		return -1;
	plen = n - SECRET_OVERHEAD;
	if (crypto_secretbox_open_easy(plain, s + crypto_secretbox_NONCEBYTES,
				       n - crypto_secretbox_NONCEBYTES, s, key->k) != 0)
		return -1;
	rc = buf_add(out, plain, plen);
	sodium_memzero(plain, sizeof plain);
	return rc;
}

/* Length in bytes of the UTF-8 character at s (1 for anything malformed,
 * never past the terminating NUL), so every byte is consumed once. */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	size_t l = 1, j;
	if (c >= 0xf0 && c < 0xf8)
		l = 4;
	else if (c >= 0xe0 && c < 0xf0)
		l = 3;
	else if (c >= 0xc0 && c < 0xe0)
		l = 2;
	for (j = 1; j < l; j++)
		if (((unsigned char)s[j] & 0xc0) != 0x80)
			return 1;
	return l;
}

char *secret_mask_id(const char *id, char *out, size_t outsize)
{
	size_t nchars = 0, i, pos = 0, k = 0;
	if (!outsize)
		return out;
	out[0] = '\0';
	if (!id)
		return out;
	for (i = 0; id[i]; i += char_len(id + i))
		nchars++;
	for (i = 0; id[i]; k++) {
		size_t l = char_len(id + i);
		int keep = nchars >= 11 && (k < 6 || k >= nchars - 4);
		if (keep) {
			if (pos + l >= outsize)
				break;
			memcpy(out + pos, id + i, l);
			pos += l;
		} else {
			if (pos + 1 >= outsize)
				break;
			out[pos++] = '*';
		}
		i += l;
	}
	out[pos] = '\0';
	return out;
}
