/* file.c - reading whole files with a size cap. */
#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int file_read(const char *path, size_t max, struct buf *out,
	      char *err, size_t errsize)
{
	char chunk[65536];
	int fd, is_stdin = strcmp(path, "-") == 0;
	struct stat st;
	ssize_t n;

	fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errsize, "cannot open: %s", strerror(errno));
		return FILE_ENOENT;
	}
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			snprintf(err, errsize, "is a directory");
			if (!is_stdin)
				close(fd);
			return FILE_ENOENT;
		}
		if (S_ISREG(st.st_mode) && (size_t)st.st_size > max) {
			snprintf(err, errsize,
				 "file too large: %lld bytes (limit %zu)",
				 (long long)st.st_size, max);
			if (!is_stdin)
				close(fd);
			return FILE_TOO_BIG;
		}
	}
	buf_reset(out);
	out->max = max;
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errsize, "read error: %s", strerror(errno));
			if (!is_stdin)
				close(fd);
			return FILE_EIO;
		}
		if (n == 0)
			break;
		if (buf_add(out, chunk, (size_t)n)) {
			snprintf(err, errsize, "file too large (limit %zu bytes)", max);
			if (!is_stdin)
				close(fd);
			return FILE_TOO_BIG;
		}
	}
	if (!is_stdin)
		close(fd);
	return FILE_OK;
}

int file_write_atomic(const char *path, const void *data, size_t len)
{
	char tmp[4096];
	FILE *f;
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= sizeof tmp)
		return -1;
	f = fopen(tmp, "wb");
	if (!f)
		return -1;
	if (fwrite(data, 1, len, f) != len || fflush(f) || fsync(fileno(f))) {
		fclose(f);
		unlink(tmp);
		return -1;
	}
	if (fclose(f) || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}
