#!/bin/sh
# Runs a command (`npm start`: next start; the bench's server likewise) with glibc's malloc asking
# the kernel for transparent huge pages (2 MB) on the large blocks it maps: the HNSW graph (1.7 GB
# at 1M movies) and the catalog's typed arrays. A graph search jumps between random vectors, and
# with 4 KB pages nearly every jump misses the TLB: with huge pages the similar route serves
# 7-32 % more req/s at 1M, for ~2-4 s more boot (the kernel zeroes each 2 MB page on first touch;
# docs/BENCHMARKS.md). The ETL gains nothing measurable from it and is not run through it.
# glibc reads GLIBC_TUNABLES only at process start, hence a wrapper. A value already set, even an
# empty one (GLIBC_TUNABLES= turns it off), is kept; other libcs, and kernels with THP "never",
# ignore it.
export GLIBC_TUNABLES="${GLIBC_TUNABLES-glibc.malloc.hugetlb=1}"
exec "$@"
