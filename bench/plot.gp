# Plot the benchmark's CSV: one panel per operation, GB/s against size,
# one line per code path, memcpy of the same size for reference.
#   ./bench/bench --csv > bench.csv
#   gnuplot -e "csv='bench.csv'; out='bench.png'" bench/plot.gp
if (!exists("csv")) csv = 'bench.csv'
if (!exists("out")) out = 'bench.png'
set terminal pngcairo size 1200,900 font ",10"
set output out
set datafile separator ","
set logscale x 2
set xlabel "buffer size (bytes of binary data)"
set ylabel "GB/s"
set key top left
set grid
set multiplot layout 2,2 title "mimecodec base64 throughput (median of interleaved samples)"
ops = "encode encode-mime76crlf decode-strict decode-mime76crlf"
paths = "scalar ssse3 avx2 neon"
do for [op in ops] {
	set title op
	plot for [p in paths] csv using ((strcol(2) eq p && strcol(3) eq op) ? $1 : NaN):4 \
	         with linespoints title p, \
	     csv using ((strcol(3) eq "memcpy") ? $1 : NaN):4 with lines dashtype 2 lc rgb "gray" title "memcpy"
}
unset multiplot
