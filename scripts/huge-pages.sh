#!/bin/sh
# Runs a command with glibc's malloc asking the kernel for transparent huge pages (2 MB) on the
# large blocks it maps: the HNSW graph (1.7 GB at 1M movies) and the catalog's typed arrays.
# `npm start`, `npm run etl`, `npm run index:rebuild`, `npm run demo` and `npm run bench` go
# through it. A graph search jumps between random vectors, and with 4 KB pages nearly every jump
# misses the TLB. At 1M, with huge pages, the similar route serves 7-32 % more req/s and the
# index build takes 11 % less time; reading a graph takes 1-3 s more, since the kernel zeroes each
# 2 MB page on first touch (boot, an incremental refresh). docs/BENCHMARKS.md has the figures.
# glibc reads GLIBC_TUNABLES only at process start, hence a wrapper. A value already set, even an
# empty one (GLIBC_TUNABLES= turns it off), is kept; other libcs, and kernels with THP "never",
# ignore it.
export GLIBC_TUNABLES="${GLIBC_TUNABLES-glibc.malloc.hugetlb=1}"
exec "$@"
