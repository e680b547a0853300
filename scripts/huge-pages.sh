#!/bin/sh
# Runs a command with glibc's malloc asking the kernel for transparent huge pages (2 MB) on the
# large blocks it maps: the HNSW graph (1.7 GB at 1M movies) and the catalog's typed arrays. The
# graph search jumps between random vectors, and with 4 KB pages nearly every jump misses the
# TLB: with huge pages a similar request serves ~30 % more req/s at 1M (docs/BENCHMARKS.md).
# glibc reads GLIBC_TUNABLES only at process start, hence a wrapper. A value already set, even
# an empty one (GLIBC_TUNABLES= turns it off), is kept; other libcs and kernels with THP set to
# "never" ignore it.
export GLIBC_TUNABLES="${GLIBC_TUNABLES-glibc.malloc.hugetlb=1}"
exec "$@"
