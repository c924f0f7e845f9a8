#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/input.h"
#include "cli/progress.h"

#define SLOTS 4 /* one being used, the rest being filled */

struct input {
	int fd;
	uint64_t size;
	int threaded;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t filled, freed;
	unsigned head, tail; /* slots filled by the reader / handed out (mod SLOTS) */
	int holding;         /* the consumer has slot tail (not yet given back) */
	int again;           /* input_unget(): hand out slot tail again */
	int stop;
	char *buf[SLOTS];
	ssize_t len[SLOTS];  /* -1: read error (err) */
	int err[SLOTS];
};

static void *reader(void *arg)
{
	struct input *in = arg;
	unsigned slot;
	ssize_t n;
	int old;

	/* cancelled only while in read(), never holding the lock */
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	for (;;) {
		pthread_mutex_lock(&in->mu);
		while (in->head - in->tail == SLOTS && !in->stop)
			pthread_cond_wait(&in->freed, &in->mu);
		if (in->stop) {
			pthread_mutex_unlock(&in->mu);
			return NULL;
		}
		slot = in->head % SLOTS;
		pthread_mutex_unlock(&in->mu);

		pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
		n = cli_read_full(in->fd, in->buf[slot], CLI_CHUNK);
		pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);

		pthread_mutex_lock(&in->mu);
		in->len[slot] = n;
		in->err[slot] = n < 0 ? errno : 0;
		in->head++;
		pthread_cond_signal(&in->filled);
		pthread_mutex_unlock(&in->mu);
		if (n <= 0)
			return NULL; /* the end, or an error: the consumer stops there */
	}
}

struct input *input_open(int fd)
{
	struct input *in = calloc(1, sizeof *in);
	unsigned i;

	if (in == NULL)
		return NULL;
	in->fd = fd;
	in->size = progress_input_size(fd);
	for (i = 0; i < SLOTS; i++)
		if ((in->buf[i] = malloc(CLI_CHUNK)) == NULL) {
			input_close(in);
			return NULL;
		}
	pthread_mutex_init(&in->mu, NULL);
	pthread_cond_init(&in->filled, NULL);
	pthread_cond_init(&in->freed, NULL);
	in->threaded = pthread_create(&in->thread, NULL, reader, in) == 0;
	return in;
}

ssize_t input_next(struct input *in, const char **data)
{
	unsigned slot;
	ssize_t n;

	if (!in->threaded) { /* no thread could start: read in turn */
		if (!in->again) {
			in->len[0] = cli_read_full(in->fd, in->buf[0], CLI_CHUNK);
			in->err[0] = in->len[0] < 0 ? errno : 0;
		}
		in->again = 0;
		*data = in->buf[0];
		errno = in->err[0];
		return in->len[0];
	}
	pthread_mutex_lock(&in->mu);
	if (in->holding && !in->again) {
		if (in->len[in->tail % SLOTS] <= 0) { /* the end stays the end */
			pthread_mutex_unlock(&in->mu);
			errno = in->err[in->tail % SLOTS];
			return in->len[in->tail % SLOTS];
		}
		in->tail++;
		in->holding = 0;
		pthread_cond_signal(&in->freed);
	}
	in->again = 0;
	while (in->head == in->tail)
		pthread_cond_wait(&in->filled, &in->mu);
	slot = in->tail % SLOTS;
	in->holding = 1;
	n = in->len[slot];
	errno = in->err[slot];
	pthread_mutex_unlock(&in->mu);
	*data = in->buf[slot];
	return n;
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
	unsigned i;

	if (in == NULL)
		return;
	if (in->threaded) {
		pthread_mutex_lock(&in->mu);
		in->stop = 1;
		pthread_cond_signal(&in->freed);
		pthread_mutex_unlock(&in->mu);
		/* a reader blocked in read() on a pipe that never ends: read() is a cancellation point */
		pthread_cancel(in->thread);
		pthread_join(in->thread, NULL);
		pthread_mutex_destroy(&in->mu);
		pthread_cond_destroy(&in->filled);
		pthread_cond_destroy(&in->freed);
	}
	for (i = 0; i < SLOTS; i++)
		free(in->buf[i]);
	if (in->fd != STDIN_FILENO)
		close(in->fd);
	free(in);
}
