/* Branch misprediction: the same data-dependent branch over the same bytes, sorted (the
 * predictor learns it) or shuffled (it guesses wrong half the time). Both modes sort a copy so
 * setup work is equal; the branch does enough work that the compiler keeps it a branch. */
#include "common.h"

#define N (1u << 16)
#define PASSES 300

static int cmp(const void *a, const void *b) {
  return (int)*(const uint8_t *)a - (int)*(const uint8_t *)b;
}

static __attribute__((noinline, optimize("no-tree-vectorize", "no-if-conversion", "no-if-conversion2")))
uint64_t sum_big(const uint8_t *d) {
  uint64_t s = 0;
  for (int p = 0; p < PASSES; p++)
    for (uint32_t i = 0; i < N; i++)
      if (d[i] >= 128) s += d[i] ^ (uint64_t)p;
  return s;
}

int main(int argc, char **argv) {
  int sorted = mode_is(argc, argv, "sorted", "shuffled");
  uint8_t *data = malloc(N), *copy = malloc(N);
  if (!data || !copy) return 1;
  uint64_t seed = 2463534242ull;
  for (uint32_t i = 0; i < N; i++) data[i] = (uint8_t)xorshift64(&seed);
  memcpy(copy, data, N);
  qsort(copy, N, 1, cmp);
  sink = sum_big(sorted ? copy : data);
  free(data);
  free(copy);
  return 0;
}
