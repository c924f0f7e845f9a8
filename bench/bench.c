/*
 * mimecodec benchmark: every base64 operation on every supported path at
 * several sizes, beside memcpy of the same size measured in the same run.
 *
 *   bench [--csv] [--quick] [--sizes=4096,65536,...] [--samples=N]
 *         [--ops=NAME,...] [--paths=NAME,...] [--clock] [--fresh] [--cpu=N]
 *
 * Operations: base64 encode (no line breaks, and 76 columns CRLF),
 * decode (strict, and MIME mode on 76-column CRLF text), uuencode and
 * uudecode (whole files, as sharutils writes them).
 *
 * GB/s are 10^9 bytes of the binary side (encode: input, decode: output)
 * per second of thread CPU time; each cell is the median of interleaved
 * samples (every operation takes one sample per round, so all of them see
 * the same background load on a shared machine).
 *
 * By default every call of an operation takes the same input, hot in the
 * caches.  A branch predictor then learns the input as well: on Zen 5 a
 * kernel with data-dependent branches (quoted-printable encoding) ran
 * twice as fast on 64 KiB it had seen before as on 64 KiB it had not,
 * up to about 1 MiB of distinct input.  --fresh gives each call the next
 * of distinct inputs, FRESH_POOL bytes in all (so from L3, not L1 or L2;
 * memcpy too), which is what a mail server sees.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mimecodec.h>

#ifdef __linux__
#include <sched.h>
#endif

/* distinct input with --fresh, binary side: well past what a predictor learns */
#define FRESH_POOL (8u << 20)

enum op {
	OP_MEMCPY, OP_ENCODE, OP_ENCODE_MIME, OP_DECODE, OP_DECODE_MIME, OP_UUENCODE, OP_UUDECODE,
	OP_QP_ENCODE_TEXT, OP_QP_DECODE_TEXT, OP_QP_ENCODE_BIN, OP_QP_DECODE_BIN, OP_QP_DECODE_LONG,
	OP_DECODE_QUOTED, OP_QP_ENCODE_LF, OP_QP_DECODE_LOWER, OP_QP_DECODE_ASCII, OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
	"memcpy", "encode", "encode-mime76crlf", "decode-strict", "decode-mime76crlf",
	"uuencode", "uudecode", "qp-encode-text", "qp-decode-text", "qp-encode-binary",
	"qp-decode-binary", "qp-decode-long", "decode-mime-quoted", "qp-encode-lf", "qp-decode-lower",
	"qp-decode-ascii",
};

struct buffers {
	size_t n;          /* binary size */
	size_t out_cap;    /* room for the largest decode bound */
	uint8_t *bin, *out;
	uint8_t *text;                    /* English-like, about 2% non-ASCII bytes */
	uint8_t *text_lf;                 /* the same with LF line ends */
	char *flat, *mime, *uu, *qp_text, *qp_bin; /* encoded forms */
	char *qp_long; /* qp_text with every other hard line end taken out: lines over 76 */
	char *qp_lower; /* qp_text with its escapes' digits in lower case, as some encoders write them */
	char *qp_ascii; /* QP of the text with no byte to escape: plain lines, a soft break in a few */
	char *quoted;  /* mime with "> " after each line end, as in a quoted reply */
	size_t flat_len, mime_len, uu_len, qp_text_len, qp_bin_len, qp_long_len, qp_ascii_len, quoted_len;
	char *enc_out;
	size_t enc_cap;
	int owns_out; /* out and enc_out are shared by the inputs of --fresh */
};

/*
 * Wall time: the thread's CPU time is a system call here (1.4 us in a
 * KVM guest, against 27 ns), read once a batch, and the kernels after
 * it ran up to 20% slower than between readings of this clock.  A
 * preempted sample is an outlier that the median drops.
 */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile uint8_t sink;

/*
 * The core's clock, from a chain of dependent additions (one a cycle) for
 * about 0.2 s: a shared guest's core may run slower for seconds at a
 * time, which moves compute against memcpy.  The addend is a register
 * the compiler cannot see into: Intel cores since Golden Cove fold a
 * chain of additions of a constant at rename (that read 11.7 GHz).
 */
static double core_ghz(void)
{
	const uint64_t n = 200000000;
	uint64_t x = 0, one = 1, i;
	double t0;

	__asm__("" : "+r"(one));
	t0 = now();
	for (i = 0; i < n; i++) {
		x += one;
		__asm__ volatile("" : "+r"(x));
		x += one;
		__asm__ volatile("" : "+r"(x));
		x += one;
		__asm__ volatile("" : "+r"(x));
		x += one;
		__asm__ volatile("" : "+r"(x));
	}
	sink = (uint8_t)x;
	return 4.0 * (double)n / (now() - t0) / 1e9;
}

static void run_op(enum op op, mc_isa isa, struct buffers *b)
{
	mc_b64_config cfg = { .isa = isa };
	mc_b64_result res;
	size_t w = 0;
	mc_status st = MC_OK;

	switch (op) {
	case OP_MEMCPY:
		memcpy(b->out, b->bin, b->n);
		w = b->n;
		break;
	case OP_ENCODE:
		st = mc_b64_encode(b->bin, b->n, b->enc_out, b->enc_cap, &w, &cfg);
		break;
	case OP_ENCODE_MIME:
		cfg.line_width = 76;
		cfg.eol = MC_EOL_CRLF;
		st = mc_b64_encode(b->bin, b->n, b->enc_out, b->enc_cap, &w, &cfg);
		break;
	case OP_DECODE:
		st = mc_b64_decode(b->flat, b->flat_len, b->out, b->out_cap, &res, &cfg);
		w = res.written;
		break;
	case OP_DECODE_MIME:
		cfg.mode = MC_B64_MIME;
		st = mc_b64_decode(b->mime, b->mime_len, b->out, b->out_cap, &res, &cfg);
		w = res.written;
		break;
	case OP_UUENCODE: {
		mc_uu_config ucfg = { .isa = isa };
		st = mc_uu_encode(b->bin, b->n, 0644, "bench.bin", 9, b->enc_out, b->enc_cap, &w, &ucfg);
		break;
	}
	case OP_UUDECODE: {
		mc_uu_config ucfg = { .isa = isa };
		mc_uu_result ures;
		st = mc_uu_decode(b->uu, b->uu_len, b->out, b->out_cap, NULL, &ures, &ucfg);
		w = (size_t)ures.written;
		break;
	}
	case OP_QP_ENCODE_TEXT:
	case OP_QP_ENCODE_LF:
	case OP_QP_ENCODE_BIN: {
		mc_qp_config qcfg = { .eol = MC_EOL_CRLF, .isa = isa };
		if (op == OP_QP_ENCODE_BIN)
			qcfg.flags = MC_QP_BINARY;
		st = mc_qp_encode(op == OP_QP_ENCODE_BIN ? b->bin : op == OP_QP_ENCODE_LF ? b->text_lf : b->text,
		                  b->n, b->enc_out, b->enc_cap, &w, &qcfg);
		break;
	}
	case OP_QP_DECODE_TEXT:
	case OP_QP_DECODE_ASCII:
	case OP_QP_DECODE_BIN: {
		mc_qp_config qcfg = { .eol = MC_EOL_CRLF, .isa = isa };
		mc_qp_result qres;
		st = op == OP_QP_DECODE_BIN
		         ? mc_qp_decode(b->qp_bin, b->qp_bin_len, b->out, b->out_cap, &qres, &qcfg)
		     : op == OP_QP_DECODE_ASCII
		         ? mc_qp_decode(b->qp_ascii, b->qp_ascii_len, b->out, b->out_cap, &qres, &qcfg)
		         : mc_qp_decode(b->qp_text, b->qp_text_len, b->out, b->out_cap, &qres, &qcfg);
		w = qres.written;
		break;
	}
	case OP_DECODE_QUOTED:
		/* (MIME mode: each '>' is counted, not an error) */
		cfg.mode = MC_B64_MIME;
		st = mc_b64_decode(b->quoted, b->quoted_len, b->out, b->out_cap, &res, &cfg);
		w = res.written;
		break;
	case OP_QP_DECODE_LONG:
	case OP_QP_DECODE_LOWER: {
		/* (lenient: each line's 77th character, each escape in lower case is recorded, not an error) */
		mc_qp_config qcfg = { .eol = MC_EOL_CRLF, .isa = isa, .mode = MC_QP_LENIENT };
		mc_qp_result qres;
		st = op == OP_QP_DECODE_LONG
		         ? mc_qp_decode(b->qp_long, b->qp_long_len, b->out, b->out_cap, &qres, &qcfg)
		         : mc_qp_decode(b->qp_lower, b->qp_text_len, b->out, b->out_cap, &qres, &qcfg);
		w = qres.written;
		break;
	}
	default:
		break;
	}
	if (st != MC_OK || w == 0) {
		fprintf(stderr, "bench: %s on %s failed: %s\n", op_names[op], mc_isa_name(isa),
		        mc_strerror(st));
		exit(1);
	}
	sink ^= b->out[0] ^ (uint8_t)b->enc_out[0];
}

/*
 * One sample: repeat the operation for at least min_time seconds, reading
 * the clock once per batch of about 1 MB of work so that small sizes are
 * not measuring the clock; GB/s.
 */
static double sample(enum op op, mc_isa isa, struct buffers *sets, size_t nsets, double min_time)
{
	static size_t next;
	size_t batch = sets->n >= (1u << 20) ? 1 : (1u << 20) / sets->n, reps = 0, k;
	double t0 = now(), t;

	do {
		for (k = 0; k < batch; k++)
			run_op(op, isa, &sets[next++ % nsets]);
		reps += batch;
		t = now() - t0;
	} while (t < min_time);
	return (double)sets->n * (double)reps / t / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/*
 * n bytes of text: words, a line end (CRLF, or LF) about every 70
 * columns, and (when accents) "caf\xc3\xa9" for 7% of the words, which
 * makes about 2% of the bytes non-ASCII; the words are picked by the
 * random bytes.
 */
static uint8_t *make_text(const uint8_t *random, size_t n, int crlf, int accents)
{
	static const char *const words[] = { "the", "message", "of", "and", "attachment", "to",
	                                     "encoding", "a", "mail", "with", "is", "for" };
	uint8_t *text = malloc(n);
	size_t i, col = 0;

	for (i = 0; i < n;) {
		const char *word = words[(random[i] ^ i) % 12];
		size_t k, len = strlen(word);
		if (accents && random[i] % 100 < 7) {
			word = "caf\xc3\xa9";
			len = 5;
		}
		for (k = 0; k < len && i < n; k++, col++)
			text[i++] = (uint8_t)word[k];
		if (i < n && col > 68 && i + 1 < n) {
			if (crlf)
				text[i++] = '\r';
			text[i++] = '\n';
			col = 0;
		} else if (i < n) {
			text[i++] = ' ';
			col++;
		}
	}
	return text;
}

/* Inputs from seed; the outputs are first's unless first is NULL (they need not differ). */
static void setup(struct buffers *b, size_t n, uint64_t seed, const struct buffers *first)
{
	mc_b64_config flat = { 0 }, mime = { .line_width = 76, .eol = MC_EOL_CRLF };
	mc_uu_config uu = { 0 };
	/* (made by the scalar path, the oracle: a kernel under test cannot spoil the inputs) */
	mc_qp_config qtext = { .eol = MC_EOL_CRLF, .isa = MC_ISA_SCALAR },
	             qbin = { .eol = MC_EOL_CRLF, .flags = MC_QP_BINARY, .isa = MC_ISA_SCALAR };
	size_t qcap;
	uint64_t s = 0x9e3779b97f4a7c15ULL ^ seed * 0x2545f4914f6cdd1dULL;
	size_t i, w, hard;

	b->n = n;
	b->bin = malloc(n);
	for (i = 0; i < n; i++) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		b->bin[i] = (uint8_t)s;
	}
	b->text = make_text(b->bin, n, 1, 1);
	b->text_lf = make_text(b->bin, n, 0, 1);
	mc_qp_encoded_max_length(n, &qbin, &qcap);
	b->qp_text = malloc(qcap);
	b->qp_bin = malloc(qcap);
	mc_qp_encode(b->text, n, b->qp_text, qcap, &b->qp_text_len, &qtext);
	mc_qp_encode(b->bin, n, b->qp_bin, qcap, &b->qp_bin_len, &qbin);
	{
		uint8_t *ascii = make_text(b->bin, n, 1, 0);

		b->qp_ascii = malloc(qcap);
		mc_qp_encode(ascii, n, b->qp_ascii, qcap, &b->qp_ascii_len, &qtext);
		free(ascii);
	}
	b->qp_long = malloc(b->qp_text_len);
	b->qp_long_len = 0;
	for (i = 0, hard = 0; i < b->qp_text_len; i++) {
		/* a hard line end is a CRLF after anything but '=' */
		if (b->qp_text[i] == '\r' && i + 1 < b->qp_text_len && b->qp_text[i + 1] == '\n' &&
		    i > 0 && b->qp_text[i - 1] != '=' && hard++ % 2 == 0) {
			i++;
			continue;
		}
		b->qp_long[b->qp_long_len++] = b->qp_text[i];
	}
	b->qp_lower = malloc(b->qp_text_len);
	memcpy(b->qp_lower, b->qp_text, b->qp_text_len);
	for (i = 0; i + 2 < b->qp_text_len; i++)
		if (b->qp_lower[i] == '=' && b->qp_lower[i + 1] != '\r' && b->qp_lower[i + 1] != '\n') {
			b->qp_lower[i + 1] = (char)tolower((unsigned char)b->qp_lower[i + 1]);
			b->qp_lower[i + 2] = (char)tolower((unsigned char)b->qp_lower[i + 2]);
		}

	mc_b64_encoded_length(n, &flat, &b->flat_len);
	mc_b64_encoded_length(n, &mime, &b->mime_len);
	mc_uu_encoded_length(n, 0644, 9, &uu, &b->uu_len);
	b->uu = malloc(b->uu_len);
	mc_uu_encode(b->bin, n, 0644, "bench.bin", 9, b->uu, b->uu_len, &w, &uu);
	b->out_cap = 2 * qcap; /* room for every decoder's bound */
	b->enc_cap = b->out_cap;
	b->flat = malloc(b->flat_len);
	b->mime = malloc(b->mime_len);
	mc_b64_encode(b->bin, n, b->flat, b->flat_len, &w, &flat);
	mc_b64_encode(b->bin, n, b->mime, b->mime_len, &w, &mime);
	b->quoted = malloc(b->mime_len / 76 * 2 + b->mime_len);
	b->quoted_len = 0;
	for (i = 0; i < b->mime_len; i++) {
		b->quoted[b->quoted_len++] = b->mime[i];
		if (b->mime[i] == '\n') {
			b->quoted[b->quoted_len++] = '>';
			b->quoted[b->quoted_len++] = ' ';
		}
	}
	b->owns_out = first == NULL;
	b->out = first != NULL ? first->out : calloc(1, b->out_cap);
	b->enc_out = first != NULL ? first->enc_out : calloc(1, b->enc_cap);
}

static void teardown(struct buffers *b)
{
	free(b->bin);
	if (b->owns_out) {
		free(b->out);
		free(b->enc_out);
	}
	free(b->flat);
	free(b->mime);
	free(b->uu);
	free(b->text);
	free(b->text_lf);
	free(b->qp_text);
	free(b->qp_bin);
	free(b->qp_long);
	free(b->qp_lower);
	free(b->qp_ascii);
	free(b->quoted);
}

/* Runs this thread on the given CPU only: a guest's vCPUs need not be alike. */
static int pin_to(int cpu)
{
#ifdef __linux__
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof set, &set) == 0;
#else
	(void)cpu;
	return 0;
#endif
}

/* Marks the names of a comma-separated list found in names[0, n); 0 if one is unknown. */
static int parse_names(const char *list, const char *const *names, size_t n, int *on)
{
	size_t k;

	memset(on, 0, n * sizeof *on);
	while (*list) {
		size_t len = strcspn(list, ",");
		for (k = 0; k < n; k++)
			if (names[k] != NULL && strlen(names[k]) == len && strncmp(names[k], list, len) == 0)
				break;
		if (k == n)
			return 0;
		on[k] = 1;
		list += len + (list[len] == ',');
	}
	return 1;
}

static void parse_sizes(const char *s, size_t *sizes, size_t *n)
{
	*n = 0;
	while (*s && *n < 16) {
		char *end;
		sizes[(*n)++] = strtoull(s, &end, 10);
		s = *end == ',' ? end + 1 : end;
		if (end == s && *end != ',')
			break;
	}
}

int main(int argc, char **argv)
{
	size_t sizes[16] = { 4096, 65536, 1 << 20, 32 << 20 }, nsizes = 4, si;
	mc_isa paths[MC_ISA_COUNT];
	size_t npaths = mc_isa_list(paths, MC_ISA_COUNT);
	int csv = 0, samples = 21, show_clock = 0, fresh = 0, cpu = -1, i, op_on[OP_COUNT],
	    path_on[MC_ISA_COUNT];
	const char *path_names[MC_ISA_COUNT];

	for (i = 0; i < OP_COUNT; i++)
		op_on[i] = 1;
	for (i = 0; i < MC_ISA_COUNT; i++) {
		path_on[i] = 1;
		path_names[i] = i == MC_ISA_AUTO ? NULL : mc_isa_name((mc_isa)i);
	}

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--csv") == 0)
			csv = 1;
		else if (strcmp(argv[i], "--quick") == 0)
			samples = 5;
		else if (strcmp(argv[i], "--clock") == 0)
			show_clock = 1;
		else if (strcmp(argv[i], "--fresh") == 0)
			fresh = 1;
		else if (strncmp(argv[i], "--cpu=", 6) == 0)
			cpu = atoi(argv[i] + 6);
		else if (strncmp(argv[i], "--sizes=", 8) == 0)
			parse_sizes(argv[i] + 8, sizes, &nsizes);
		else if (strncmp(argv[i], "--samples=", 10) == 0)
			samples = atoi(argv[i] + 10) > 0 ? atoi(argv[i] + 10) : 1;
		else if (strncmp(argv[i], "--ops=", 6) == 0 &&
		         parse_names(argv[i] + 6, op_names, OP_COUNT, op_on))
			op_on[OP_MEMCPY] = 1; /* the yardstick is always measured */
		else if (strncmp(argv[i], "--paths=", 8) == 0 &&
		         parse_names(argv[i] + 8, path_names, MC_ISA_COUNT, path_on))
			continue;
		else {
			fprintf(stderr,
			        "usage: %s [--csv] [--quick] [--sizes=N,N...] [--samples=N] "
			        "[--ops=NAME,...] [--paths=NAME,...] [--clock] [--fresh] [--cpu=N]\n",
			        argv[0]);
			return 2;
		}
	}
	if (cpu >= 0 && !pin_to(cpu)) {
		fprintf(stderr, "bench: cannot run on CPU %d\n", cpu);
		return 2;
	}
	if (show_clock)
		fprintf(stderr, "core clock before: %.2f GHz\n", core_ghz());
	if (csv)
		printf("size,path,op,gbps,ratio_memcpy\n");
	else
		printf("%-9s %-7s %-19s %8s %8s\n", "size", "path", "operation", "GB/s", "x memcpy");

	for (si = 0; si < nsizes; si++) {
		size_t n = sizes[si], nops = 1 + (OP_COUNT - 1) * npaths, k, r;
		size_t nsets = fresh && n < FRESH_POOL ? FRESH_POOL / n : 1;
		struct buffers *sets = calloc(nsets, sizeof *sets);
		int rounds = n >= (8u << 20) ? (samples + 2) / 3 : samples;
		double min_time = n >= (8u << 20) ? 0.02 : 0.002;
		double *res = calloc(nops * (size_t)rounds, sizeof *res);
		double memcpy_gbps = 0;

		for (k = 0; k < nsets; k++)
			setup(&sets[k], n, k, k == 0 ? NULL : &sets[0]);
		for (k = 0; k < nops; k++) /* warm up */
			run_op(k == 0 ? OP_MEMCPY : (enum op)(1 + (k - 1) % (OP_COUNT - 1)),
			       k == 0 ? MC_ISA_SCALAR : paths[(k - 1) / (OP_COUNT - 1)], sets);
		for (r = 0; r < (size_t)rounds; r++)
			for (k = 0; k < nops; k++) {
				size_t kk = (k + r) % nops; /* rotate the start */
				enum op op = kk == 0 ? OP_MEMCPY : (enum op)(1 + (kk - 1) % (OP_COUNT - 1));
				mc_isa isa = kk == 0 ? MC_ISA_SCALAR : paths[(kk - 1) / (OP_COUNT - 1)];
				if (!op_on[op] || (kk != 0 && !path_on[isa]))
					continue;
				res[kk * (size_t)rounds + r] = sample(op, isa, sets, nsets, min_time);
			}
		for (k = 0; k < nops; k++)
			qsort(res + k * (size_t)rounds, (size_t)rounds, sizeof *res, cmp_double);
		memcpy_gbps = res[rounds / 2];
		for (k = 0; k < nops; k++) {
			enum op op = k == 0 ? OP_MEMCPY : (enum op)(1 + (k - 1) % (OP_COUNT - 1));
			const char *path = k == 0 ? "-" : mc_isa_name(paths[(k - 1) / (OP_COUNT - 1)]);
			double g = res[k * (size_t)rounds + (size_t)rounds / 2];

			if (!op_on[op] || (k != 0 && !path_on[paths[(k - 1) / (OP_COUNT - 1)]]))
				continue;

			if (csv)
				printf("%zu,%s,%s,%.3f,%.3f\n", n, path, op_names[op], g, g / memcpy_gbps);
			else
				printf("%-9zu %-7s %-19s %8.2f %8.2f\n", n, path, op_names[op], g,
				       g / memcpy_gbps);
		}
		if (!csv)
			printf("\n");
		fflush(stdout);
		free(res);
		for (k = 0; k < nsets; k++)
			teardown(&sets[k]);
		free(sets);
	}
	if (show_clock)
		fprintf(stderr, "core clock after: %.2f GHz\n", core_ghz());
	return 0;
}
