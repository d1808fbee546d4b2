/* Cache misses: chase a cyclic chain of indices through a 16 MiB array (eight times the L2),
 * either in address order (the prefetcher streams it) or in a pseudo-random order (nearly every
 * step misses L1 and L2). Both chains are built by one linear pass of the same arithmetic and
 * chased for the same number of steps, so the only difference is the access pattern. */
#include "common.h"

#define N (4u << 20) /* 4 Mi uint32 = 16 MiB */
#define STEPS (1u << 19)

static __attribute__((noinline)) uint32_t chase(const uint32_t *next, uint32_t steps) {
  uint32_t i = 0;
  for (uint32_t s = 0; s < steps; s++) i = next[i];
  return i;
}

/* i -> (a*i + c) mod 2^k is a single full cycle when c is odd and a = 1 (mod 4) (Hull-Dobell),
 * which gives a random-looking chain without a shuffle's own cache misses. */
static __attribute__((noinline)) void build_chain(uint32_t *next, int sequential) {
  const uint32_t a = sequential ? 1u : 2654435761u * 4u + 1u, c = sequential ? 1u : 40503u;
  for (uint32_t i = 0; i < N; i++) next[i] = (a * i + c) & (N - 1);
}

int main(int argc, char **argv) {
  int sequential = mode_is(argc, argv, "sequential", "random");
  uint32_t *next = malloc(sizeof(uint32_t) * N);
  if (!next) return 1;
  build_chain(next, sequential);
  sink = chase(next, STEPS);
  free(next);
  return 0;
}
