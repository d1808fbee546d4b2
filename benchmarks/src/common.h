/* Shared helpers for the demo benchmarks: a fixed-seed PRNG (so every run does identical work)
 * and a sink that keeps the compiler from deleting the measured loop. */
#ifndef PERFGATE_DEMO_COMMON_H
#define PERFGATE_DEMO_COMMON_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline uint64_t xorshift64(uint64_t *s) {
  uint64_t x = *s;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return *s = x;
}

static volatile uint64_t sink;

static inline int mode_is(int argc, char **argv, const char *a, const char *b) {
  if (argc != 2 || (strcmp(argv[1], a) != 0 && strcmp(argv[1], b) != 0)) {
    fprintf(stderr, "usage: %s %s|%s\n", argv[0], a, b);
    exit(2);
  }
  return strcmp(argv[1], a) == 0;
}
#endif
