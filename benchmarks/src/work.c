/* A knob for tests and sensitivity runs: spins for WORK units of integer work (argument), so a
 * change of the argument is a change of known size. Exits with EXIT (env) when set. */
#include "common.h"

static __attribute__((noinline)) uint64_t spin(uint64_t units) {
  uint64_t s = 1;
  for (uint64_t i = 0; i < units * 1000; i++) s = s * 6364136223846793005ull + i;
  return s;
}

int main(int argc, char **argv) {
  uint64_t units = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000;
  sink = spin(units);
  const char *code = getenv("EXIT");
  return code ? atoi(code) : 0;
}
