/*
 * Runs a fuzz target without libFuzzer: every file of its seed corpus
 * (fuzz/corpus/<target>/, or the files and folders given as arguments),
 * then deterministic mutations of each, so `make check` exercises the
 * same properties the fuzzer checks.
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_util.h"

#define MUTATIONS 64

static size_t inputs_run;

static void run_mutations(const uint8_t *data, size_t size, uint64_t seed)
{
	uint8_t *buf = malloc(size + 64);
	int m;

	for (m = 0; m < MUTATIONS; m++) {
		size_t n = size, k, edits;

		memcpy(buf, data, size);
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		edits = 1 + (seed >> 60);
		for (k = 0; k < edits && n > 2; k++) {
			size_t at;
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			at = 2 + (size_t)(seed >> 33) % (n - 2);
			switch ((seed >> 8) & 3) {
			case 0: buf[at] = (uint8_t)(seed >> 16); break;            /* replace */
			case 1: if (n < size + 64) {                              /* insert */
					memmove(buf + at + 1, buf + at, n - at);
					buf[at] = "\r\n =!A-_/+"[(seed >> 16) % 10];
					n++;
				}
				break;
			case 2: memmove(buf + at, buf + at + 1, n - at - 1); n--; break; /* delete */
			default: n = at; break;                                    /* truncate */
			}
		}
		LLVMFuzzerTestOneInput(buf, n);
		inputs_run++;
	}
	free(buf);
}

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	long size;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0) {
		perror(path);
		return -1;
	}
	rewind(f);
	data = malloc((size_t)size + 1);
	if (fread(data, 1, (size_t)size, f) != (size_t)size) {
		perror(path);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)size);
	inputs_run++;
	run_mutations(data, (size_t)size, (uint64_t)size * 2654435761u);
	free(data);
	return 0;
}

static int run_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (stat(path, &st) != 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	d = opendir(path);
	if (d == NULL) {
		perror(path);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char sub[4096];
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		rc |= run_path(sub);
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			rc |= run_path(argv[i]);
	} else {
		const char *top = getenv("top_srcdir");
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/fuzz/corpus/%s", top ? top : ".", FUZZ_TARGET);
		rc = run_path(dir);
	}
	if (inputs_run == 0) {
		fprintf(stderr, "no inputs found\n");
		return 1;
	}
	printf("%s: %zu inputs, all properties held\n", FUZZ_TARGET, inputs_run);
	return rc ? 1 : 0;
}
