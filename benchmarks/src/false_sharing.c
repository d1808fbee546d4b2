/* False sharing: two threads each increment their own counter. When the counters share a
 * 64-byte cache line, every write invalidates the other core's copy; padded apart, they don't.
 * Needs two CPUs: pinned to one, the threads take turns and the effect disappears. */
#include "common.h"
#include <pthread.h>

#define ITERS 3000000ul

struct adjacent { volatile uint64_t a; volatile uint64_t b; };
struct padded { volatile uint64_t a; char pad[120]; volatile uint64_t b; };

static struct adjacent adj __attribute__((aligned(64)));
static struct padded pad __attribute__((aligned(64)));

/* An atomic add needs the line exclusively, so sharing it is felt on every iteration. */
static __attribute__((noinline)) void bump(volatile uint64_t *c) {
  for (uint64_t i = 0; i < ITERS; i++) __atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

static void *worker(void *p) { bump((volatile uint64_t *)p); return NULL; }

int main(int argc, char **argv) {
  int adjacent = mode_is(argc, argv, "adjacent", "padded");
  volatile uint64_t *a = adjacent ? &adj.a : &pad.a;
  volatile uint64_t *b = adjacent ? &adj.b : &pad.b;
  pthread_t t;
  if (pthread_create(&t, NULL, worker, (void *)a) != 0) return 1;
  bump(b);
  pthread_join(t, NULL);
  sink = *a + *b;
  return 0;
}
