#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/input.h"
#include "cli/progress.h"

/*
 * One buffer, filled by read() in turn with the codec.  A reader thread
 * filling buffers ahead was measured slower here (75 against 63 ms for
 * 256 MiB, interleaved runs): the data then reaches the codec from the
 * other core's cache.
 */
struct input {
	int fd;
	uint64_t size;
	char *buf;
	ssize_t len;  /* of the last piece; -1 on a read error (err) */
	int err;
	int again;
};

struct input *input_open(int fd)
{
	struct input *in = calloc(1, sizeof *in);

	if (in == NULL || (in->buf = malloc(CLI_CHUNK)) == NULL) {
		free(in);
		return NULL;
	}
	in->fd = fd;
	in->size = progress_input_size(fd);
	return in;
}

ssize_t input_next(struct input *in, const char **data)
{
	if (in->again)
		in->again = 0;
	else if (in->len >= 0 || in->err == 0) {
		in->len = cli_read_full(in->fd, in->buf, CLI_CHUNK);
		in->err = in->len < 0 ? errno : 0;
	}
	*data = in->buf;
	errno = in->err;
	return in->len;
}

void input_unget(struct input *in)
{
	in->again = 1;
}

uint64_t input_size(const struct input *in)
{
	return in->size;
}

int input_fd(const struct input *in)
{
	return in->fd;
}

void input_close(struct input *in)
{
	if (in == NULL)
		return;
	if (in->fd != STDIN_FILENO)
		close(in->fd);
	free(in->buf);
	free(in);
}
