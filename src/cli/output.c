/*
 * A decoded or encoded file is written under a temporary name in the
 * target directory and renamed over the final name only when everything
 * went well, so an interrupted or failed run never leaves a partial file
 * that looks complete.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/output.h"

int output_open(struct output *out, const char *path)
{
	static const char suffix[] = ".mimecodec-XXXXXX";
	mode_t mask;

	out->fd = STDOUT_FILENO;
	out->path = NULL;
	out->tmp_path = NULL;
	if (path == NULL || strcmp(path, "-") == 0)
		return 0;
	out->tmp_path = malloc(strlen(path) + sizeof suffix);
	if (out->tmp_path == NULL)
		return -1;
	strcpy(out->tmp_path, path);
	strcat(out->tmp_path, suffix);
	out->fd = mkstemp(out->tmp_path);
	if (out->fd < 0) {
		free(out->tmp_path);
		out->tmp_path = NULL;
		return -1;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(out->fd, 0666 & ~mask) != 0) {
		int e = errno;
		output_abort(out);
		errno = e;
		return -1;
	}
	out->path = path;
	return 0;
}

int output_write(struct output *out, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(out->fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int output_commit(struct output *out)
{
	int rc = 0;

	if (out->tmp_path == NULL)
		return 0;
	if (close(out->fd) != 0 || rename(out->tmp_path, out->path) != 0) {
		int e = errno;
		unlink(out->tmp_path);
		errno = e;
		rc = -1;
	}
	free(out->tmp_path);
	out->tmp_path = NULL;
	return rc;
}

void output_abort(struct output *out)
{
	if (out->tmp_path == NULL)
		return;
	close(out->fd);
	unlink(out->tmp_path);
	free(out->tmp_path);
	out->tmp_path = NULL;
}
