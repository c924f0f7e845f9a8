#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/output.h"

static void reset(struct output *o)
{
	o->fd = -1;
	o->dirfd = -1;
	o->anonymous = 0;
	o->flags = 0;
	o->mode = 0666;
	o->name = o->tmp = o->shown = NULL;
}

void output_stdout(struct output *o)
{
	reset(o);
	o->fd = STDOUT_FILENO;
}

static void release(struct output *o)
{
	if (o->dirfd >= 0)
		close(o->dirfd);
	free(o->name);
	free(o->tmp);
	free(o->shown);
	reset(o);
}

/* A fresh ".NAME.<8 random letters or digits>.part" in o->tmp: hidden, and plainly not the finished file. */
static int next_temp_name(struct output *o)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	size_t cap = strlen(o->name) + 32;
	unsigned char r[8];
	char tag[9];
	int i;

	if (o->tmp == NULL && (o->tmp = malloc(cap)) == NULL)
		return -1;
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		return -1;
	for (i = 0; i < 8; i++)
		tag[i] = digits[r[i] % 36];
	tag[8] = '\0';
	snprintf(o->tmp, cap, ".%.200s.%s.part", o->name, tag);
	return 0;
}

/* Tries take() under fresh temporary names until one is free. */
static int with_fresh_name(struct output *o, int (*take)(struct output *o))
{
	int attempt;

	for (attempt = 0; attempt < 100; attempt++) {
		if (next_temp_name(o) != 0)
			return -1;
		if (take(o) == 0)
			return 0;
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

static int create_named(struct output *o)
{
	o->fd = openat(o->dirfd, o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	return o->fd < 0 ? -1 : 0;
}

static int open_named_temp(struct output *o)
{
	return with_fresh_name(o, create_named);
}

static int open_temp(struct output *o)
{
#ifdef O_TMPFILE
	o->fd = openat(o->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	if (o->fd >= 0) {
		/* naming it later needs /proc (or CAP_DAC_READ_SEARCH) */
		if (access("/proc/self/fd", X_OK) == 0) {
			o->anonymous = 1;
			return 0;
		}
		close(o->fd);
	}
#endif
	return open_named_temp(o);
}

int output_user_path(struct output *o, const char *path, mode_t mode)
{
	struct stat st;
	char *real = NULL, *slash;
	int e;

	reset(o);
	if (strcmp(path, "-") == 0) {
		o->fd = STDOUT_FILENO;
		return 0;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			return -1;
		}
		/* a device or FIFO the user named: write into it, as asked */
		o->fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (o->fd < 0)
			return -1;
		o->shown = strdup(path);
		return 0;
	}
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		real = realpath(path, NULL);
		if (real == NULL)
			return -1;
	} else {
		real = strdup(path);
		if (real == NULL)
			return -1;
	}
	o->mode = mode;
	o->shown = strdup(path);
	slash = strrchr(real, '/');
	if (slash == NULL) {
		o->dirfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		o->name = real;
		if (o->dirfd < 0)
			goto fail;
	} else {
		const char *dir = slash == real ? "/" : real;
		*slash = '\0';
		o->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		o->name = strdup(slash + 1);
		free(real);
		if (o->dirfd < 0)
			goto fail;
	}
	o->flags = OUT_FORCE;
	if (o->name == NULL || o->shown == NULL || open_temp(o) != 0)
		goto fail;
	return 0;
fail:
	e = errno;
	release(o);
	errno = e;
	return -1;
}

/* 0 when the name is free or may be replaced; -1 with errno otherwise. */
static int check_existing(int dirfd, const char *name, unsigned flags)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
		errno = EPERM;
		return -1;
	}
	if (flags & (OUT_FORCE | OUT_UNIQUE))
		return 0;
	errno = EEXIST;
	return -1;
}

int output_untrusted(struct output *o, const char *dir, const char *name, mode_t mode,
                     unsigned flags)
{
	int e;

	reset(o);
	o->flags = flags;
	o->mode = mode;
	o->dirfd = open(dir == NULL ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->dirfd < 0)
		return -1;
	o->name = strdup(name);
	o->shown = strdup(name);
	if (o->name == NULL || o->shown == NULL)
		goto fail;
	if (check_existing(o->dirfd, name, flags) != 0 || open_temp(o) != 0)
		goto fail;
	return 0;
fail:
	e = errno;
	release(o);
	errno = e;
	return -1;
}

int output_add_suffix(struct output *o, const char *suffix)
{
	size_t n = strlen(o->name), k = strlen(suffix);
	char *name = malloc(n + k + 1), *shown = malloc(n + k + 1);

	if (name == NULL || shown == NULL) {
		free(name);
		free(shown);
		return -1;
	}
	memcpy(name, o->name, n);
	memcpy(name + n, suffix, k + 1);
	memcpy(shown, name, n + k + 1);
	free(o->name);
	free(o->shown);
	o->name = name;
	o->shown = shown;
	return 0;
}

int output_write(struct output *o, const void *buf, size_t len)
{
	return cli_write_all(o->fd, buf, len);
}

/* Gives the anonymous file the name `to`; fails with EEXIST if taken. */
static int link_anonymous(struct output *o, const char *to)
{
	char proc[64];

	if (linkat(o->fd, "", o->dirfd, to, AT_EMPTY_PATH) == 0)
		return 0;
	if (errno == EEXIST)
		return -1;
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", o->fd);
	return linkat(AT_FDCWD, proc, o->dirfd, to, AT_SYMLINK_FOLLOW);
}

/* Makes the data visible as `to` without replacing anything: EEXIST if taken. */
static int publish_new(struct output *o, const char *to)
{
	if (o->anonymous)
		return link_anonymous(o, to);
	if (renameat2(o->dirfd, o->tmp, o->dirfd, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	/* a file system without RENAME_NOREPLACE: a hard link is just as exclusive */
	if (linkat(o->dirfd, o->tmp, o->dirfd, to, 0) != 0)
		return -1;
	unlinkat(o->dirfd, o->tmp, 0);
	return 0;
}

static int link_to_tmp(struct output *o)
{
	return link_anonymous(o, o->tmp);
}

/* Gives the anonymous file a temporary name, so it can be renamed. */
static int name_anonymous(struct output *o)
{
	if (with_fresh_name(o, link_to_tmp) != 0)
		return -1;
	o->anonymous = 0;
	return 0;
}

/* Makes the data visible as `to`, replacing a file or symlink there. */
static int publish_replace(struct output *o, const char *to)
{
	if (o->anonymous && name_anonymous(o) != 0)
		return -1;
	if (check_existing(o->dirfd, to, OUT_FORCE) != 0 ||
	    renameat(o->dirfd, o->tmp, o->dirfd, to) != 0) {
		int e = errno;
		unlinkat(o->dirfd, o->tmp, 0);
		errno = e;
		return -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

/* NAME, then NAME.1, NAME.2, ...: the first that is free (OUT_UNIQUE). */
static int publish_unique(struct output *o)
{
	size_t cap = strlen(o->name) + 16;
	unsigned n;
	char *alt;

	if (publish_new(o, o->name) == 0)
		return 0;
	if (errno != EEXIST || (alt = malloc(cap)) == NULL)
		return -1;
	for (n = 1; n < 10000; n++) {
		snprintf(alt, cap, "%s.%u", o->name, n);
		if (publish_new(o, alt) == 0) {
			free(o->shown);
			o->shown = alt;
			return 0;
		}
		if (errno != EEXIST)
			break;
	}
	free(alt);
	return -1;
}

int output_commit(struct output *o)
{
	int rc = 0, e = 0;

	if (o->dirfd < 0) {
		/* standard output or a device: nothing to name */
		if (o->fd != STDOUT_FILENO && close(o->fd) != 0)
			rc = -1;
		o->fd = -1;
		return rc;
	}
	if (fchmod(o->fd, o->mode & 0777 & ~cli_umask()) != 0)
		rc = -1;
	else if (o->flags & OUT_UNIQUE)
		rc = publish_unique(o);
	else if (o->flags & OUT_FORCE)
		rc = publish_replace(o, o->name);
	else
		rc = publish_new(o, o->name);
	e = errno;
	if (rc == 0 && !o->anonymous) {
		free(o->tmp); /* renamed: that name is gone */
		o->tmp = NULL;
	}
	if (close(o->fd) != 0 && rc == 0) {
		/* the data may not have reached the disk: take the name back */
		e = errno;
		unlinkat(o->dirfd, (o->flags & OUT_UNIQUE) ? o->shown : o->name, 0);
		rc = -1;
	}
	o->fd = -1;
	if (rc != 0 && o->tmp != NULL && !o->anonymous)
		unlinkat(o->dirfd, o->tmp, 0);
	errno = e;
	return rc;
}

void output_close(struct output *o)
{
	if (o->fd >= 0 && o->dirfd >= 0) {
		/* not committed: an unnamed file vanishes with its descriptor */
		if (o->tmp != NULL && !o->anonymous)
			unlinkat(o->dirfd, o->tmp, 0);
		close(o->fd);
	} else if (o->fd >= 0 && o->fd != STDOUT_FILENO) {
		close(o->fd);
	}
	release(o);
}

const char *output_shown(const struct output *o)
{
	return o->shown != NULL ? o->shown : "standard output";
}
