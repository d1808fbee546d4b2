/* TLB misses: the same number of one-byte reads-modify-writes, one per 4 KiB page across a
 * 32 MiB buffer (every access needs a new page translation: 8 Ki pages do not fit the TLB) or
 * one per 64-byte line (64 consecutive accesses share a page). Huge pages are refused so the
 * kernel cannot hide the effect. */
#include "common.h"
#include <sys/mman.h>

#define BUF (32u << 20)
#define ACCESSES (4u << 20)

static __attribute__((noinline)) void walk(uint8_t *buf, size_t stride) {
  size_t off = 0;
  for (uint32_t i = 0; i < ACCESSES; i++) {
    buf[off] += 1;
    off += stride;
    if (off >= BUF) off = (off + 64) % 4096; /* next lap starts on a fresh line */
  }
}

int main(int argc, char **argv) {
  int page = mode_is(argc, argv, "page-stride", "line-stride");
  uint8_t *buf = mmap(NULL, BUF, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (buf == MAP_FAILED) return 1;
  madvise(buf, BUF, MADV_NOHUGEPAGE);
  memset(buf, 1, BUF);
  walk(buf, page ? 4096 : 64);
  sink = buf[4096 * 7];
  munmap(buf, BUF);
  return 0;
}
