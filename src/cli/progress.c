#include "config.h"

#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/progress.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(struct progress *p, enum progress_mode mode, uint64_t total, int to_stdout)
{
	p->mode = mode;
	/* not on a terminal, and not over output going to the same one */
	if (mode == PROGRESS_AUTO && (!isatty(STDERR_FILENO) || (to_stdout && isatty(STDOUT_FILENO))))
		p->mode = PROGRESS_OFF;
	p->shown = 0;
	p->total = total;
	p->done = 0;
	p->start = p->last = p->mode == PROGRESS_OFF ? 0 : now();
}

/* 1536 -> "1.5 MiB" */
static void human(char *buf, size_t cap, double v)
{
	static const char *units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned u = 0;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	snprintf(buf, cap, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
}

static void draw(struct progress *p, double t)
{
	double elapsed = t - p->start, rate = elapsed > 0 ? (double)p->done / elapsed : 0;
	char done[32], speed[32];

	human(done, sizeof done, (double)p->done);
	human(speed, sizeof speed, rate);
	if (p->total != 0 && p->done <= p->total) {
		double left = rate > 0 ? (double)(p->total - p->done) / rate : 0;
		unsigned s = (unsigned)(left + 0.5);
		fprintf(stderr, "\r%s %3u%%  %s/s  %u:%02u left\033[K", done,
		        (unsigned)((double)p->done * 100 / (double)p->total), speed, s / 60, s % 60);
	} else {
		fprintf(stderr, "\r%s  %s/s\033[K", done, speed);
	}
	fflush(stderr);
	p->shown = 1;
	p->last = t;
}

void progress_update(struct progress *p, uint64_t done)
{
	double t;

	if (p->mode == PROGRESS_OFF)
		return;
	p->done = done;
	t = now();
	if (p->mode == PROGRESS_AUTO && t - p->start < 1.0)
		return;
	if (p->shown && t - p->last < 0.25)
		return;
	draw(p, t);
}

void progress_end(struct progress *p)
{
	if (p->shown) {
		if (p->mode == PROGRESS_ON)
			draw(p, now());
		fputs(p->mode == PROGRESS_ON ? "\n" : "\r\033[K", stderr);
		fflush(stderr);
	}
	p->shown = 0;
}

uint64_t progress_input_size(int fd)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		return (uint64_t)st.st_size;
	return 0;
}
