#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/input.h"
#include "cli/progress.h"

/*
 * A regular file (other than standard input, whose offset the shell may
 * share) is read through mmap() windows of INPUT_WINDOW bytes handed out
 * in pieces of CLI_CHUNK: the codec reads the page cache itself, with no
 * copy (256 MiB touched: 27 ms against 38-45 ms for read() into one
 * buffer, hyperfine, interleaved).  Past the size the file had when
 * opened, and for anything else, one buffer filled by read() in turn with
 * the codec.  A reader thread filling buffers ahead was measured slower
 * here (75 against 63 ms): the data then reaches the codec from the other
 * core's cache.  (Base64 encoding splits the work instead: parallel.c.)
 *
 * A file that shrinks while mapped makes the lost pages raise SIGBUS: the
 * handler maps zeros there, and the input then fails with EIO instead of
 * the program dying.  One input is mapped at a time.
 */
#define INPUT_WINDOW (4 * CLI_CHUNK)

struct input {
	int fd;
	uint64_t size;
	const char *piece;
	ssize_t len;  /* of the last piece; -1 on a read error (err) */
	int err;
	int again;
	char *buf;    /* reading */
	char *map;    /* mapping: the window, its length and file offset */
	size_t map_len;
	uint64_t map_at, next, map_end;
};

static volatile sig_atomic_t bus_hit;
static char *volatile bus_lo, *volatile bus_hi;
static uintptr_t page_size;
static int mapping_in_use;

static void on_sigbus(int sig, siginfo_t *si, void *context)
{
	char *at = si->si_addr;
	uintptr_t page = (uintptr_t)at & ~(page_size - 1);

	(void)context;
	if (at >= bus_lo && at < bus_hi &&
	    mmap((void *)page, (size_t)((uintptr_t)bus_hi - page), PROT_READ,
	         MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED) {
		bus_hit = 1;
		return;
	}
	/* not ours: die of it as if nobody had been listening */
	signal(sig, SIG_DFL);
}

static int watch_sigbus(void)
{
	static int installed;
	struct sigaction sa = { 0 };

	if (installed)
		return 0;
	page_size = (uintptr_t)sysconf(_SC_PAGESIZE);
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, NULL) != 0)
		return -1;
	installed = 1;
	return 0;
}

struct input *input_open(int fd)
{
	struct input *in = calloc(1, sizeof *in);
	struct stat st;

	if (in == NULL)
		return NULL;
	in->fd = fd;
	in->size = progress_input_size(fd);
	if (fd != STDIN_FILENO && !mapping_in_use && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0 && watch_sigbus() == 0) {
		in->map_end = (uint64_t)st.st_size;
		mapping_in_use = 1;
		bus_hit = 0;
	} else if ((in->buf = malloc(CLI_CHUNK)) == NULL) {
		free(in);
		return NULL;
	}
	return in;
}

static void unmap(struct input *in)
{
	if (in->map == NULL)
		return;
	bus_lo = bus_hi = NULL;
	munmap(in->map, in->map_len);
	in->map = NULL;
}

/* From the mapping: 1 with a piece, 0 when reading takes over. */
static int next_mapped(struct input *in)
{
	size_t used;

	if (in->map != NULL && in->next == in->map_at + in->map_len)
		unmap(in);
	if (in->map == NULL) {
		void *p;

		if (in->next >= in->map_end)
			return 0;
		in->map_len = (size_t)(in->map_end - in->next < INPUT_WINDOW ? in->map_end - in->next
		                                                              : INPUT_WINDOW);
		p = mmap(NULL, in->map_len, PROT_READ, MAP_PRIVATE, in->fd, (off_t)in->next);
		if (p == MAP_FAILED)
			return 0;
		in->map = p;
		in->map_at = in->next;
		bus_lo = in->map;
		bus_hi = in->map + in->map_len;
	}
	used = (size_t)(in->next - in->map_at);
	in->piece = in->map + used;
	in->len = (ssize_t)(in->map_len - used < CLI_CHUNK ? in->map_len - used : CLI_CHUNK);
	in->next += (uint64_t)in->len;
	return 1;
}

/* Leaves the mapping for read(), at the offset the mapping reached. */
static int start_reading(struct input *in)
{
	unmap(in);
	in->map_end = 0;
	mapping_in_use = 0;
	if (lseek(in->fd, (off_t)in->next, SEEK_SET) < 0 || (in->buf = malloc(CLI_CHUNK)) == NULL)
		return -1;
	return 0;
}

int input_skip(struct input *in, uint64_t offset)
{
	/* what is left after a skip is short: read, not mapped off a page boundary */
	if (in->map_end != 0) {
		in->next = offset;
		return start_reading(in);
	}
	return lseek(in->fd, (off_t)offset, SEEK_SET) < 0 ? -1 : 0;
}

ssize_t input_next(struct input *in, const char **data)
{
	if (in->again) {
		in->again = 0;
	} else if (bus_hit && in->map_end != 0) {
		/* the file shrank under the mapping: what was read is not the file */
		in->len = -1;
		in->err = EIO;
	} else if (in->len >= 0 || in->err == 0) {
		if (in->map_end != 0 && !next_mapped(in) && start_reading(in) != 0) {
			in->len = -1;
			in->err = errno;
		} else if (in->map_end == 0) {
			in->len = cli_read_full(in->fd, in->buf, CLI_CHUNK);
			in->err = in->len < 0 ? errno : 0;
			in->piece = in->buf;
		}
	}
	*data = in->piece;
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
	if (in->map_end != 0) {
		unmap(in);
		mapping_in_use = 0;
	}
	if (in->fd != STDIN_FILENO)
		close(in->fd);
	free(in->buf);
	free(in);
}
