/*
 * The same job as "mime_bench parse" done with GMime 3, for comparison:
 * every message of a mime_bench mailbox parsed, every leaf decoded into a
 * counting sink.  Not built by the project (it does not depend on GMime);
 * with Debian's libgmime-3.0-dev:
 *
 *   cc -O2 bench/gmime_compare.c $(pkg-config --cflags --libs gmime-3.0) -o gmime_compare
 *   ./gmime_compare MAILBOX
 */
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static unsigned long long leaves, decoded;

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void each_part(GMimeObject *parent, GMimeObject *part, gpointer data)
{
	GMimeDataWrapper *content;
	GMimeStream *null;

	(void)parent;
	(void)data;
	if (GMIME_IS_MESSAGE_PART(part)) {
		/* forwarded messages: their parts too, as mime_bench does */
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
		if (inner != NULL)
			g_mime_message_foreach(inner, each_part, NULL);
		return;
	}
	if (!GMIME_IS_PART(part))
		return;
	content = g_mime_part_get_content(GMIME_PART(part));
	leaves++;
	if (content == NULL)
		return;
	null = g_mime_stream_null_new();
	g_mime_data_wrapper_write_to_stream(content, null);
	decoded += g_mime_stream_length(null);
	g_object_unref(null);
}

int main(int argc, char **argv)
{
	FILE *f;
	char line[128];
	unsigned long long size, bytes = 0;
	double t0;
	struct rusage ru;

	if (argc != 2 || (f = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: gmime_compare MAILBOX\n");
		return 2;
	}
	g_mime_init();
	t0 = cpu_now();
	while (fgets(line, sizeof line, f) != NULL && sscanf(line, "From mime_bench %llu", &size) == 1) {
		char *buf = malloc(size);
		GMimeStream *stream;
		GMimeParser *parser;
		GMimeMessage *msg;

		if (fread(buf, 1, size, f) != size)
			return 1;
		stream = g_mime_stream_mem_new_with_buffer(buf, size);
		parser = g_mime_parser_new_with_stream(stream);
		msg = g_mime_parser_construct_message(parser, NULL);
		if (msg != NULL) {
			g_mime_message_foreach(msg, each_part, NULL);
			g_object_unref(msg);
		}
		g_object_unref(parser);
		g_object_unref(stream);
		free(buf);
		bytes += size;
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("GMime %d.%d.%d: %.0f MB/s (CPU time), leaves %llu, decoded %.1f MB, peak %.1f MiB\n",
	       gmime_major_version, gmime_minor_version, gmime_micro_version,
	       (double)bytes / (cpu_now() - t0) / 1e6, leaves, (double)decoded / 1e6,
	       (double)ru.ru_maxrss / 1024);
	fclose(f);
	return 0;
}
