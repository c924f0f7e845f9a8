# Plot the benchmark's CSV: one panel per operation, GB/s against size,
# one line per code path, memcpy of the same size for reference.
#   ./bench/bench --csv > bench.csv
#   gnuplot -e "csv='bench.csv'; out='bench.png'" bench/plot.gp
if (!exists("csv")) csv = 'bench.csv'
if (!exists("out")) out = 'bench.png'
set terminal pngcairo size 1200,3600 font ",10"
set output out
set logscale x 2
set xtics ("4 KiB" 4096, "64 KiB" 65536, "1 MiB" 1048576, "32 MiB" 33554432)
set xlabel "buffer size (binary side)"
set ylabel "GB/s"
set yrange [0:*]
set key top right
set grid
rows(filter) = sprintf("< awk -F, '%s {print $1, $4}' %s", filter, csv)
set multiplot layout 8,2 title "mimecodec throughput (median of interleaved samples)"
ops = "encode encode-mime76crlf decode-strict decode-mime76crlf uuencode uudecode qp-encode-text qp-decode-text qp-encode-binary qp-decode-binary qp-decode-long decode-mime-quoted qp-encode-lf qp-decode-lower qp-decode-ascii"
paths = "scalar ssse3 avx2 avx512 neon"
do for [op in ops] {
	set title op
	plot for [p in paths] rows(sprintf('$2=="%s" && $3=="%s"', p, op)) \
	         using 1:2 with linespoints lw 2 title p, \
	     rows('$3=="memcpy"') using 1:2 with lines dashtype 2 lc rgb "gray" title "memcpy"
}
unset multiplot
