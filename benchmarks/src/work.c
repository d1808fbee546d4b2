/* A knob for tests and sensitivity runs: spins for WORK units of integer work (argument), so a
 * change of the argument is a change of known size. Exits with EXIT (env) when set.
 * SLEEP_US (env) adds that much sleeping after the work: a wall-only change (waiting that CPU
 * time does not see). THREADS (env) splits the units over that many threads, so task-clock
 * exceeds wall, as in a multi-threaded benchmark. */
#include "common.h"
#include <pthread.h>
#include <time.h>

static __attribute__((noinline)) uint64_t spin(uint64_t units) {
  uint64_t s = 1;
  for (uint64_t i = 0; i < units * 1000; i++) s = s * 6364136223846793005ull + i;
  return s;
}

static void *spin_thread(void *arg) {
  sink = spin((uint64_t)(uintptr_t)arg);
  return NULL;
}

int main(int argc, char **argv) {
  uint64_t units = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000;
  const char *threads_env = getenv("THREADS");
  long threads = threads_env ? strtol(threads_env, NULL, 10) : 1;
  if (threads > 1 && threads <= 64) {
    pthread_t t[64];
    for (long i = 0; i < threads; i++) pthread_create(&t[i], NULL, spin_thread, (void *)(uintptr_t)(units / threads));
    for (long i = 0; i < threads; i++) pthread_join(t[i], NULL);
  } else {
    sink = spin(units);
  }
  const char *sleep_env = getenv("SLEEP_US");
  if (sleep_env) {
    long us = strtol(sleep_env, NULL, 10);
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&ts, NULL);
  }
  const char *code = getenv("EXIT");
  return code ? atoi(code) : 0;
}
